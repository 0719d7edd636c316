import { afterEach, describe, expect, it } from "vitest";
import type { GatewayExtensionFactory } from "./extension.js";
import { gatewayExtensions } from "./extensions.js";
import { gatewayLink } from "./gateway.js";
import { simulatorExtension } from "./simulator/simulator-extension.js";
import { connectClient, openTestGateway, type TestGateway } from "./test-gateway.js";

describe("gateway composition", () => {
  let t: TestGateway | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it("starts extensions in order, survives one that fails to start, and stops the started ones in reverse", async () => {
    const calls: string[] = [];
    const logged: string[] = [];
    const ext =
      (name: string, failOn?: "start" | "build"): GatewayExtensionFactory =>
      () => {
        if (failOn === "build") throw new Error("no arma");
        return {
          name,
          start() {
            calls.push(`start ${name}`);
            if (failOn === "start") throw new Error("no arranca");
          },
          stop() {
            calls.push(`stop ${name}`);
          },
        };
      };
    t = await openTestGateway({
      extensions: [ext("telemetria"), ext("rota", "start"), ext("nunca", "build"), ext("reglas")],
      log: (message) => logged.push(message),
    });
    expect(calls).toEqual(["start telemetria", "start rota", "start reglas"]);
    expect(logged).toEqual(["extension rota failed to start", "an extension failed to build"]);
    const { slug, secret } = t.addDevice();
    const client = await connectClient(t.url, { clientId: slug, username: slug, password: secret });
    expect(client.connected).toBe(true);
    client.end(true);
    await t.gateway.stop();
    expect(calls.slice(3)).toEqual(["stop reglas", "stop telemetria"]);
  });

  it("gives extensions the bus and publishInternal, refusing topics the appliance may not publish", async () => {
    let publish: ((topic: string, payload: string) => Promise<void>) | null = null;
    t = await openTestGateway({
      extensions: [
        (g) => ({
          name: "descubrimiento",
          start() {
            publish = (topic, payload) => g.publishInternal(topic, payload, { retain: true });
          },
          stop() {},
        }),
      ],
    });
    expect(publish).not.toBeNull();
    await expect(publish!("homeassistant/sensor/heladera-1/temp/config", "{}")).resolves.toBeUndefined();
    await expect(publish!("mostrador/heladera-1/sensor/temp/state", "4")).rejects.toThrow(/no publica/);
  });

  it("is reached by its routes through the link it was given, with its relay controller, until it stops", async () => {
    const link = gatewayLink();
    t = await openTestGateway({
      link,
      extensions: gatewayExtensions.filter((e) => e !== simulatorExtension),
    });
    expect(link.gateway).toBe(t.gateway);
    expect(link.relays).not.toBeNull();
    expect(link.relays).toBe(t.gateway.relays());
    await t.gateway.stop();
    expect(link.gateway).toBeNull();
    expect(link.relays).toBeNull();
  });

  it("writes last-seen times in batches on flush, not per message", async () => {
    t = await openTestGateway({ lastSeenFlushMs: 60_000 });
    const { id, slug, secret } = t.addDevice();
    const client = await connectClient(t.url, { clientId: slug, username: slug, password: secret });
    await new Promise((r) => setTimeout(r, 50)); // the broker marks it online just after CONNACK
    const connectedAt = t.core.clock.now().toISOString();
    t.core.clock.advance(5_000);
    await client.publishAsync(`mostrador/${slug}/sensor/temp/state`, "3");
    await new Promise((r) => setTimeout(r, 50));
    const lastSeen = () =>
      t?.core.db.prepare("SELECT last_seen_at FROM devices WHERE id = ?").pluck().get(id);
    expect(lastSeen()).toBe(connectedAt);
    client.end(true);
    await t.gateway.stop();
    expect(lastSeen()).toBe(t.core.clock.now().toISOString());
  });
});
