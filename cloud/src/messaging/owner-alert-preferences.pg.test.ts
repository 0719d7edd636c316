import type {
  AlertPreferences,
  ContactsAnswer,
  OwnerNotificationsAnswer,
} from "@mostrador/contracts/http/messaging";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import { createStore } from "../tenancy/stores.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import {
  bearer,
  json,
  openTestCloud,
  ownerWithStore,
  snapshot,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { saveAlertPreferences } from "./alert-preferences.js";
import { startMessagingWorld } from "./test-support/messaging-world.js";
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

const runWorker = (clock = world.clock) => new MessagingWorker(db.sql, clock, world.config).runOnce();

async function ownerAddresses(contactId: string) {
  const [c] = await db.owner.query<{ email: string; telegram_chat_id: string; phone: string }>(
    `SELECT email, telegram_chat_id, phone FROM messaging_contacts WHERE id = $1`,
    [contactId],
  );
  return c!;
}

/** What each channel delivered to the contact: email subjects' bodies, Telegram texts, WhatsApp parameters. */
async function received(contactId: string) {
  const c = await ownerAddresses(contactId);
  return {
    email: world.smtp.received.filter((m) => m.to.includes(c.email)).length,
    telegram: world.telegram.sent.filter((s) => s.chatId === c.telegram_chat_id).map((s) => s.text),
    whatsapp: world.whatsapp.sent.filter((s) => s.body.to === c.phone).length,
  };
}

describe("one event, one message per channel", () => {
  it("the same dedupeKey uploaded under two op ids reaches each channel once; an op without a key, and the same key in another store, are events of their own", async () => {
    const t = await world.tenant("dedupe");
    const other = await createStore(db.sql, t.tenantId, "Sucursal 2", world.clock);
    const key = { kind: "low_stock", dedupeKey: "low_stock:p1:m1", productId: "p1", onHand: 2, threshold: 5 };
    await world.ownerNotification(t.tenantId, t.storeId, "Stock bajo: Yerba", key);
    await world.ownerNotification(t.tenantId, t.storeId, "Stock bajo: Yerba", key);
    await world.ownerNotification(t.tenantId, other.id, "Stock bajo: Yerba", key);
    await world.ownerNotification(t.tenantId, t.storeId, "Heladera: 9 °C"); // an older appliance's op
    await runWorker();
    await runWorker();
    const got = await received(t.ownerContactId);
    expect(got.email).toBe(3);
    expect(got.whatsapp).toBe(3);
    expect(got.telegram.sort()).toEqual([
      "Local dedupe: Heladera: 9 °C",
      "Local dedupe: Stock bajo: Yerba",
      "Sucursal 2: Stock bajo: Yerba",
    ]);
  });
});

describe("each owner's preferences", () => {
  it("kinds go to the channels chosen; in quiet hours low stock waits for the morning, a rule alarm goes, a lesser severity waits", async () => {
    const t = await world.tenant("prefs");
    await db.sql.withTenant(t.tenantId, (q) =>
      saveAlertPreferences(
        q,
        t.tenantId,
        t.ownerContactId,
        {
          kinds: { low_stock: ["email"], rule: ["telegram"] },
          quietStart: "22:00",
          quietEnd: "08:00",
          bypassSeverity: 3,
        },
        world.clock.now(),
      ),
    );
    // 00:30 in Buenos Aires (03:30 UTC).
    const night = new ManualClock("2026-03-03T03:30:00.000Z");
    await world.ownerNotification(t.tenantId, t.storeId, "Stock bajo: Arroz", {
      kind: "low_stock",
      dedupeKey: "low_stock:arroz:1",
    });
    await world.ownerNotification(t.tenantId, t.storeId, "Freezer a -2 °C", {
      kind: "rule",
      dedupeKey: "r:1",
    });
    await world.ownerNotification(t.tenantId, t.storeId, "Puerta abierta", {
      kind: "rule",
      dedupeKey: "r:2",
      severity: 2,
    });
    await world.ownerNotification(t.tenantId, t.storeId, "La caja no se comunica", {
      kind: "appliance_offline",
      dedupeKey: "off:1",
    });
    await runWorker(night);
    let got = await received(t.ownerContactId);
    // The rule (Grave by default) and the outage (Grave) go at night; the outage on every channel (no choice stored).
    expect(got.telegram.sort()).toEqual([
      "Local prefs: Freezer a -2 °C",
      "Local prefs: La caja no se comunica",
    ]);
    expect(got.email).toBe(1);
    expect(got.whatsapp).toBe(1);

    night.advance(8 * 60 * 60 * 1000); // 08:30 in Buenos Aires
    await runWorker(night);
    got = await received(t.ownerContactId);
    expect(got.telegram.sort()).toEqual([
      "Local prefs: Freezer a -2 °C",
      "Local prefs: La caja no se comunica",
      "Local prefs: Puerta abierta",
    ]);
    expect(got.email).toBe(2); // + the low stock, by email only
    expect(got.whatsapp).toBe(1);
  });
});

describe("the dashboard API", () => {
  const api = (token: string) => ({
    get: (url: string) =>
      cloud.app.inject({ method: "GET", url: `/v1/messaging${url}`, headers: bearer(token) }),
    send: (method: "POST" | "PUT" | "PATCH" | "DELETE", url: string, payload?: object) =>
      cloud.app.inject({
        method,
        url: `/v1/messaging${url}`,
        headers: bearer(token),
        ...(payload ? { payload } : {}),
      }),
  });

  it("lists owner notifications with each channel's delivery status", async () => {
    const o = await ownerWithStore(db.sql, cloud, "estado");
    const a = api(o.token);
    await a.send("PATCH", "/channels/email", {
      enabled: true,
      settings: { host: "127.0.0.1", port: world.smtp.port, secure: false, from: "avisos@estado.test" },
    });
    await a.send("POST", "/contacts", { name: "Dueña", email: "duena@estado.test", ownerRecipient: true });
    await world.ownerNotification(o.tenantId, o.storeId, "Stock bajo: Fideos", {
      kind: "low_stock",
      dedupeKey: "low_stock:f:1",
    });
    let list = json<OwnerNotificationsAnswer>(await a.get("/owner-notifications")).notifications;
    expect(list).toMatchObject([{ kind: "low_stock", status: "queued", deliveries: [] }]);
    await runWorker();
    list = json<OwnerNotificationsAnswer>(await a.get("/owner-notifications")).notifications;
    expect(list).toMatchObject([
      {
        kind: "low_stock",
        message: "Stock bajo: Fideos",
        status: "sent",
        deliveries: [{ channel: "email", contactName: "Dueña", status: "accepted", lastError: null }],
      },
    ]);
  });

  it("preferences round-trip, and bad ones are refused with a clear error and change nothing", async () => {
    const o = await ownerWithStore(db.sql, cloud, "pref-api");
    const a = api(o.token);
    const { id } = json<{ id: string }>(
      await a.send("POST", "/contacts", { name: "Dueño", email: "d@pref.test", ownerRecipient: true }),
    );
    expect(json(await a.get(`/contacts/${id}/alert-preferences`))).toEqual({
      kinds: {},
      quietStart: null,
      quietEnd: null,
      bypassSeverity: 3,
    });
    const prefs: AlertPreferences = {
      kinds: { low_stock: ["email"], backup_failed: [] },
      quietStart: "21:30",
      quietEnd: "07:00",
      bypassSeverity: 4,
    };
    expect((await a.send("PUT", `/contacts/${id}/alert-preferences`, prefs)).statusCode).toBe(204);
    expect(json(await a.get(`/contacts/${id}/alert-preferences`))).toEqual(prefs);

    const before = await snapshot(db.owner);
    const bad = [
      await a.send("PUT", `/contacts/${id}/alert-preferences`, { ...prefs, quietEnd: null }),
      await a.send("PUT", `/contacts/${id}/alert-preferences`, { ...prefs, quietEnd: "21:30" }),
      await a.send("PUT", `/contacts/${id}/alert-preferences`, { ...prefs, kinds: { sms_alert: ["email"] } }),
      await a.send("PUT", `/contacts/${id}/alert-preferences`, { ...prefs, kinds: { rule: ["sms"] } }),
      await a.send("PUT", `/contacts/${id}/alert-preferences`, { ...prefs, quietStart: "25:00" }),
      await a.send("PUT", `/contacts/${id}/alert-preferences`, { ...prefs, bypassSeverity: 5 }),
      await a.send("PUT", `/contacts/019a0000-0000-7000-8000-00000000dead/alert-preferences`, prefs),
    ];
    expect(bad.map((r) => r.statusCode)).toEqual([400, 400, 400, 400, 400, 400, 404]);
    expect(json<{ error: { code: string; message: string } }>(bad[0]!).error).toMatchObject({
      code: "quiet_hours_incomplete",
      message: expect.stringContaining("horas de silencio"),
    });
    expect(await snapshot(db.owner)).toBe(before);
  });

  it("removes a contact: deleted when never messaged; retired when the log points at it (its waiting messages cancelled, its address free again)", async () => {
    const o = await ownerWithStore(db.sql, cloud, "baja");
    const a = api(o.token);
    await a.send("PATCH", "/channels/email", {
      enabled: true,
      settings: { host: "127.0.0.1", port: world.smtp.port, secure: false, from: "avisos@baja.test" },
    });
    const fresh = json<{ id: string }>(
      await a.send("POST", "/contacts", { name: "Nuevo", email: "n@baja.test" }),
    );
    const used = json<{ id: string }>(
      await a.send("POST", "/contacts", { name: "Viejo", email: "v@baja.test", ownerRecipient: true }),
    );
    const queued = json<{ id: string }>(
      await a.send("POST", "/test-send", { channel: "email", contactId: used.id, text: "hola" }),
    );

    expect(json(await a.send("DELETE", `/contacts/${fresh.id}`))).toEqual({ outcome: "deleted" });
    expect(json(await a.send("DELETE", `/contacts/${used.id}`))).toEqual({ outcome: "retired" });
    const contacts = json<ContactsAnswer>(await a.get("/contacts")).contacts;
    expect(contacts).toEqual([]);
    const [m] = await db.owner.query<{ status: string }>(`SELECT status FROM messages WHERE id = $1`, [
      queued.id,
    ]);
    expect(m!.status).toBe("cancelled");
    expect(
      (await a.send("POST", "/contacts", { name: "Viejo otra vez", email: "v@baja.test" })).statusCode,
    ).toBe(201);

    const before = await snapshot(db.owner);
    const again = await a.send("DELETE", `/contacts/${used.id}`);
    const badId = await a.send("DELETE", `/contacts/no-es-un-id`);
    expect([again.statusCode, badId.statusCode]).toEqual([404, 400]);
    expect(json<{ error: { message: string } }>(again).error.message).toBe("No existe ese contacto");
    expect(await snapshot(db.owner)).toBe(before);
  });
});
