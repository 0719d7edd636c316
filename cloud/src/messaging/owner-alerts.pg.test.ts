import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpFactory } from "../ingest/test-ops.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import {
  bearer,
  enrolledAppliance,
  json,
  openTestCloud,
  ownerWithStore,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { startMessagingWorld, TG_TOKEN } from "./test-support/messaging-world.js";
import { MessagingWorker } from "./worker.js";

let db: TestDatabase;
let cloud: TestCloud;
let world: Awaited<ReturnType<typeof startMessagingWorld>>;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await startMessagingWorld(db.sql);
  cloud = await openTestCloud(db.sql, { modules: world.modules(), clock: world.clock });
});
afterAll(async () => {
  await world?.close();
  await cloud?.close();
  await db?.drop();
});

describe("the appliance's notify action reaches the owner", () => {
  it("a notification uploaded by the appliance lands in the owner's test inbox and Telegram, once, through the API the dashboard configures", async () => {
    const shop = await ownerWithStore(db.sql, cloud, "e2e");
    const appliance = await enrolledAppliance(cloud, shop.token, shop.storeId);
    const owner = (method: "POST" | "PATCH", url: string, payload: object) =>
      cloud.app.inject({ method, url: `/v1/messaging${url}`, headers: bearer(shop.token), payload });
    // Ajustes → Mensajería: the channels and the owner as recipient.
    expect(
      (
        await owner("PATCH", "/channels/email", {
          enabled: true,
          settings: { host: "127.0.0.1", port: world.smtp.port, secure: false, from: "avisos@e2e.test" },
        })
      ).statusCode,
    ).toBe(204);
    // Saving Telegram checks the token (getMe) and, without a public URL, leaves updates to getUpdates.
    const telegram = await owner("PATCH", "/channels/telegram", {
      enabled: true,
      settings: {},
      secrets: { botToken: TG_TOKEN, webhookSecret: "s" },
    });
    expect(telegram.statusCode).toBe(200);
    expect(json(telegram)).toMatchObject({ botUsername: world.telegram.username, updates: "poll", ok: true });
    expect(
      (
        await owner("POST", "/contacts", {
          name: "Dueña",
          email: "duena@e2e.test",
          telegramChatId: "31337",
          ownerRecipient: true,
        })
      ).statusCode,
    ).toBe(201);

    // The rule's "notify" action, uploaded by sync (twice: a retried batch).
    const f = new OpFactory();
    const op = f.op("notification", uuidv7(), "created", {
      ruleId: "stock-bajo",
      message: "Stock bajo: Yerba 1 kg (quedan 2)",
      value: 2,
      at: "2026-03-02T12:00:00.000Z",
    });
    for (let i = 0; i < 2; i++) {
      const res = await cloud.app.inject({
        method: "POST",
        url: "/v1/ingest",
        headers: bearer(appliance.token),
        payload: { ops: [op] },
      });
      expect(res.statusCode).toBe(200);
    }
    const worker = new MessagingWorker(db.sql, cloud.clock, world.config);
    await worker.runOnce();
    await worker.runOnce();

    const inbox = world.smtp.received.filter((m) => m.to.includes("duena@e2e.test"));
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.raw).toContain("Stock bajo: Yerba 1 kg");
    expect(world.telegram.sent.filter((s) => s.chatId === "31337").map((s) => s.text)).toEqual([
      "Local e2e: Stock bajo: Yerba 1 kg (quedan 2)",
    ]);
    const log = json<{ messages: { channel: string; status: string }[] }>(
      await cloud.app.inject({ method: "GET", url: "/v1/messaging/messages", headers: bearer(shop.token) }),
    );
    expect(log.messages.map((m) => `${m.channel}:${m.status}`).sort()).toEqual([
      "email:accepted",
      "telegram:accepted",
    ]);
    const [n] = await db.owner.query<{ status: string }>(
      `SELECT status FROM owner_notifications WHERE tenant_id = $1`,
      [shop.tenantId],
    );
    expect(n!.status).toBe("sent");
  });

  it("a notification for a tenant with no owner recipient is marked failed, not retried forever", async () => {
    const shop = await ownerWithStore(db.sql, cloud, "sin-destinatario");
    const appliance = await enrolledAppliance(cloud, shop.token, shop.storeId);
    const op = new OpFactory().op("notification", uuidv7(), "created", {
      ruleId: "r",
      message: "Aviso",
      value: 1,
      at: "2026-03-02T12:00:00.000Z",
    });
    await cloud.app.inject({
      method: "POST",
      url: "/v1/ingest",
      headers: bearer(appliance.token),
      payload: { ops: [op] },
    });
    await new MessagingWorker(db.sql, cloud.clock, world.config).runOnce();
    const [n] = await db.owner.query<{ status: string }>(
      `SELECT status FROM owner_notifications WHERE tenant_id = $1`,
      [shop.tenantId],
    );
    expect(n!.status).toBe("failed");
  });
});
