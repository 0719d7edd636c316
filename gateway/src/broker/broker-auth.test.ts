import type { MqttClient } from "mqtt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deactivateDevice } from "../devices/devices.js";
import { closed, connectClient, openTestGateway, settle, type TestGateway } from "../test-gateway.js";

describe("MQTT broker: who may connect", () => {
  let t: TestGateway;
  let device: { id: string; slug: string; secret: string };
  const clients: MqttClient[] = [];

  beforeEach(async () => {
    t = await openTestGateway();
    device = t.addDevice();
  });
  afterEach(async () => {
    for (const c of clients) c.end(true);
    clients.length = 0;
    await t.close();
  });

  const connect = async (options: Parameters<typeof connectClient>[1]) => {
    const client = await connectClient(t.url, options);
    clients.push(client);
    return client;
  };

  it("accepts a device with its slug as username and client id and its secret as password", async () => {
    const online: string[] = [];
    t.gateway.bus.on("device.online", (e) => online.push(e.slug));
    const client = await connect({ clientId: device.slug, username: device.slug, password: device.secret });
    expect(client.connected).toBe(true);
    await settle();
    expect(online).toEqual([device.slug]);
    const row = t.core.db.prepare("SELECT online, last_seen_at FROM devices WHERE id = ?").get(device.id) as {
      online: number;
      last_seen_at: string;
    };
    expect(row).toEqual({ online: 1, last_seen_at: t.core.clock.now().toISOString() });
    expect(t.gateway.stats()).toMatchObject({ devicesOnline: 1, connections: { accepted: 1 } });
  });

  it("marks a device offline when it disconnects", async () => {
    const offline: string[] = [];
    t.gateway.bus.on("device.offline", (e) => offline.push(e.slug));
    const client = await connect({ clientId: device.slug, username: device.slug, password: device.secret });
    await settle();
    await new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
    await settle();
    expect(offline).toEqual([device.slug]);
    expect(t.gateway.stats().devicesOnline).toBe(0);
    expect(t.core.db.prepare("SELECT online FROM devices WHERE id = ?").pluck().get(device.id)).toBe(0);
  });

  it("refuses a wrong secret with CONNACK 4 (bad user name or password)", async () => {
    await expect(
      connect({ clientId: device.slug, username: device.slug, password: "x".repeat(43) }),
    ).rejects.toMatchObject({
      code: 4,
    });
    expect(t.gateway.stats().connections.refused).toEqual({ bad_credentials: 1 });
  });

  it("refuses an unknown device with the same CONNACK 4, revealing nothing about which slugs exist", async () => {
    await expect(
      connect({ clientId: "nadie", username: "nadie", password: device.secret }),
    ).rejects.toMatchObject({ code: 4 });
  });

  it("refuses anonymous clients with CONNACK 5 (not authorised)", async () => {
    await expect(connect({ clientId: "anon" })).rejects.toMatchObject({ code: 5 });
    expect(t.gateway.stats().connections.refused).toEqual({ anonymous: 1 });
  });

  it("refuses a device whose client id is not its slug (CONNACK 2, identifier rejected)", async () => {
    await expect(
      connect({ clientId: "otro-id", username: device.slug, password: device.secret }),
    ).rejects.toMatchObject({
      code: 2,
    });
    expect(t.gateway.stats().connections.refused).toEqual({ client_id_mismatch: 1 });
  });

  it("refuses an inactive device even with the right secret, and disconnects it when deactivated", async () => {
    const client = await connect({ clientId: device.slug, username: device.slug, password: device.secret });
    const gone = closed(client);
    deactivateDevice(t.core, device.id);
    await gone;
    await expect(
      connect({ clientId: device.slug, username: device.slug, password: device.secret }),
    ).rejects.toMatchObject({
      code: 5,
    });
    expect(t.gateway.stats().connections.refused).toEqual({ inactive_device: 1 });
  });

  it("refuses the staff identity over plain TCP (the UI only connects through the WebSocket)", async () => {
    await expect(
      connect({ clientId: "ui-1", username: "staff", password: "cualquier-token" }),
    ).rejects.toMatchObject({
      code: 5,
    });
    expect(t.gateway.stats().connections.refused).toEqual({ staff_not_websocket: 1 });
  });

  it("accepts the appliance's own per-boot credential and refuses a guessed one", async () => {
    const { username, password, clientId } = t.gateway.internalCredentials;
    const client = await connect({ clientId, username, password });
    expect(client.connected).toBe(true);
    await expect(connect({ clientId, username, password: "adivinada" })).rejects.toMatchObject({ code: 4 });
  });
});

describe("MQTT broker: connection rate limit", () => {
  let t: TestGateway;
  afterEach(async () => {
    await t.close();
  });

  it("refuses an address past 3 connects in 10 s, counts it, and lets it back after the window", async () => {
    t = await openTestGateway({ connectRate: { max: 3, windowMs: 10_000 } });
    const { slug, secret } = t.addDevice();
    const attempt = () => connectClient(t.url, { clientId: slug, username: slug, password: secret });
    for (let i = 0; i < 3; i++) (await attempt()).end(true);
    await expect(attempt()).rejects.toThrow();
    await expect(attempt()).rejects.toThrow();
    expect(t.gateway.stats().connections.refused).toEqual({ rate_limited: 2 });
    t.core.clock.advance(10_001);
    const again = await attempt();
    expect(again.connected).toBe(true);
    again.end(true);
  });
});
