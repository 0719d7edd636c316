import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "@mostrador/cloud/core/clock";
import { DEMO_OWNER } from "@mostrador/cloud/demo";
import { loadMessagingConfig } from "@mostrador/cloud/messaging/config";
import { createMessagingModule } from "@mostrador/cloud/messaging/module";
import { startTestSmtp } from "@mostrador/cloud/messaging/test-support/test-smtp";
import { cloudModules } from "@mostrador/cloud/modules";
import { type RunningCloud, startCloud } from "@mostrador/cloud/start";
import { createPairingCode } from "@mostrador/cloud/tenancy/pairing";
import { type RunningAppliance, startAppliance } from "@mostrador/desktop/appliance/appliance";
import { createDevice } from "@mostrador/gateway/devices/devices";
import { RuleEngine } from "@mostrador/gateway/rules/rule-engine";
import { createRule } from "@mostrador/gateway/rules/rule-store";
import { enrollAppliance } from "./upload/enroll.js";

const OWNER_EMAIL = "duena@almacen-e2e.test";

async function call<T>(base: string, path: string, token: string | null, body?: unknown, method?: string) {
  const res = await fetch(`${base}${path}`, {
    method: method ?? (body === undefined ? "GET" : "POST"),
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? null : await res.json()) as T;
}

/**
 * Issue 12's "done when", end to end: a rule's "notify" action (the appliance's rule engine, fed a
 * reading) and a sale that takes a product to its low-stock threshold travel through the appliance's
 * outbox, the real upload and the cloud's ingest to the messaging worker, and arrive in the owner's test
 * SMTP inbox, once each.
 */
describe("owner alerts from the appliance reach the owner's inbox", () => {
  let dirs: string[];
  let cloud: RunningCloud;
  let appliance: RunningAppliance;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    dirs = [mkdtempSync(join(tmpdir(), "mostrador-cloud-")), mkdtempSync(join(tmpdir(), "mostrador-till-"))];
    // The cloud as shipped, its messaging worker passing often and email without STARTTLS (the test server).
    const messaging = createMessagingModule({
      ...loadMessagingConfig({}),
      email: { bounceDomain: "rebotes.test", ignoreTls: true },
      pollMs: 200,
    });
    cloud = await startCloud({
      dataDir: dirs[0] as string,
      port: 0,
      host: "127.0.0.1",
      demo: true,
      modules: cloudModules.map((m) => (m.name === "messaging" ? messaging : m)),
    });
    appliance = await startAppliance({
      dataDir: dirs[1] as string,
      host: "127.0.0.1",
      port: 0,
      seedDemo: true,
      sync: true,
    });
    const demo = cloud.demo as NonNullable<RunningCloud["demo"]>;
    const { code } = await createPairingCode(cloud.sql, demo.tenantId, demo.storeId, systemClock);
    await enrollAppliance(appliance.ctx, { cloudUrl: cloud.url, code, name: "Caja de prueba" });
  }, 90_000);

  afterAll(async () => {
    await appliance?.close();
    await cloud?.close();
    await smtp?.close();
    for (const dir of dirs ?? []) rmSync(dir, { recursive: true, force: true });
  });

  it("a rule's notify and a low-stock crossing arrive once each by email", async () => {
    // The owner sets up email and names themself as recipient on the dashboard's API.
    const { token: ownerToken } = await call<{ token: string }>(cloud.url, "/v1/auth/login", null, {
      email: DEMO_OWNER.email,
      password: DEMO_OWNER.password,
    });
    await call(
      cloud.url,
      "/v1/messaging/channels/email",
      ownerToken,
      {
        enabled: true,
        settings: { host: "127.0.0.1", port: smtp.port, secure: false, from: "avisos@mostrador.test" },
      },
      "PATCH",
    );
    await call(cloud.url, "/v1/messaging/contacts", ownerToken, {
      name: "Dueña",
      email: OWNER_EMAIL,
      ownerRecipient: true,
    });

    // 1. A rule with a "notify" action, fed a reading by the rule engine.
    const ctx = appliance.ctx;
    const fridge = createDevice(ctx, {
      slug: "heladera-e2e",
      name: "Heladera",
      sensors: [{ key: "temperature", kind: "temperature" }],
    }).device;
    createRule(ctx, {
      name: "Heladera caliente",
      deviceId: fridge.id,
      condition: { kind: "above", key: "temperature", threshold: 5 },
      actions: [{ kind: "notify", message: "La heladera pasó los 5 °C" }],
    });
    const engine = new RuleEngine(ctx);
    engine.load();
    engine.handle(fridge.id, {
      type: "reading",
      key: "temperature",
      value: 9,
      at: ctx.clock.now().getTime(),
    });
    engine.flush();
    engine.close();

    // 2. A sale at the till that takes a product from above its low-stock threshold to it.
    const product = ctx.db
      .prepare(
        `SELECT p.id, p.name, p.price, p.low_stock_threshold AS threshold, s.quantity FROM products p
         JOIN stock_on_hand s ON s.product_id = p.id
         WHERE p.active = 1 AND p.unit = 'each' AND p.low_stock_threshold IS NOT NULL AND s.quantity > p.low_stock_threshold
         ORDER BY p.name LIMIT 1`,
      )
      .get() as { id: string; name: string; price: number; threshold: number; quantity: number };
    const options = await call<{ staff: { id: string; name: string }[]; terminals: { id: string }[] }>(
      appliance.url,
      "/api/auth/options",
      null,
    );
    const { token } = await call<{ token: string }>(appliance.url, "/api/auth/login", null, {
      staffId: options.staff.find((s) => s.name === "Lucía")?.id,
      pin: "1111",
      terminalId: options.terminals[0]?.id,
    });
    await call(appliance.url, "/api/cash/open", token, { openingFloat: 500_000 });
    const quantity = product.quantity - product.threshold;
    await call(appliance.url, "/api/sales", token, {
      id: "019a0000-0000-7000-8000-0000000000e2",
      lines: [{ productId: product.id, quantity }],
      payments: [{ method: "cash", amount: product.price * quantity, tendered: product.price * quantity }],
    });

    // Both reach the inbox through upload → ingest → the worker.
    const inbox = () => smtp.received.filter((m) => m.to.includes(OWNER_EMAIL));
    await expect.poll(() => inbox().length, { timeout: 60_000, interval: 250 }).toBe(2);
    const texts = inbox().map((m) => m.raw);
    expect(texts.filter((t) => t.includes("La heladera pas")).length).toBe(1);
    expect(texts.filter((t) => t.includes("Stock bajo")).length).toBe(1);

    // Once each: the cloud holds the two notifications, both expanded, and one message for each.
    const demo = cloud.demo as NonNullable<RunningCloud["demo"]>;
    const notifications = await cloud.sql.withTenant(demo.tenantId, (q) =>
      q.query<{ kind: string; status: string }>(
        `SELECT payload->>'kind' AS kind, status FROM owner_notifications ORDER BY kind`,
      ),
    );
    expect(notifications).toEqual([
      { kind: "low_stock", status: "sent" },
      { kind: "rule", status: "sent" },
    ]);
    // The worker marks a message accepted after the SMTP server's answer, so the inbox can be ahead of it.
    const statuses = async () =>
      (
        await cloud.sql.withTenant(demo.tenantId, (q) =>
          q.query<{ status: string }>(`SELECT status FROM messages WHERE address = $1`, [OWNER_EMAIL]),
        )
      ).map((m) => m.status);
    await expect.poll(statuses, { timeout: 10_000, interval: 100 }).toEqual(["accepted", "accepted"]);
  }, 120_000);
});
