import type { AddressInfo } from "node:net";
import {
  type DashboardAgenda,
  DashboardAgendaSchema,
  type ReminderSettingsView,
  ReminderSettingsViewSchema,
} from "@mostrador/contracts/http/cloud-turnos";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpFactory } from "../../ingest/test-ops.js";
import { createMessagingModule } from "../../messaging/module.js";
import {
  postWhatsappWebhook,
  whatsappButtonReply,
  whatsappInboundText,
  whatsappStatus,
  whatsappWebhookBody,
} from "../../messaging/test-support/fake-whatsapp.js";
import {
  startMessagingWorld,
  WA_APP_SECRET,
  WA_PHONE_ID,
  WA_TOKEN,
  WA_VERIFY,
} from "../../messaging/test-support/messaging-world.js";
import { MessagingWorker } from "../../messaging/worker.js";
import { cloudModules } from "../../modules.js";
import {
  bearer,
  enrolledAppliance,
  ingest,
  json,
  openTestCloud,
  ownerWithStore,
  snapshot,
  type TestCloud,
} from "../../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../../test-support/test-database.js";
import { createTurnosModule } from "../module.js";
import { clinic, setupOps } from "../test-turnos.js";

/**
 * The owner's reminder screens over the API: the settings (each channel and reminder on or off, the
 * template's approval as the fake WhatsApp Business Account lists it, the email's preview) and the
 * agenda's reminder states. Real PostgreSQL, the WhatsApp Cloud API fake and the SMTP test server; the
 * clock starts Monday 2026-03-02 12:00 in Buenos Aires, the bookings are on Wednesday 2026-03-04.
 */

const WABA = "102290129340398";
let db: TestDatabase;
let cloud: TestCloud;
let world: Awaited<ReturnType<typeof startMessagingWorld>>;
let base: string;
let shop: Awaited<ReturnType<typeof ownerWithStore>>;
let till: Awaited<ReturnType<typeof enrolledAppliance>>;
const f = new OpFactory();
const c = clinic();

async function patchWhatsapp(settings: Record<string, unknown>) {
  const res = await cloud.app.inject({
    method: "PATCH",
    url: "/v1/messaging/channels/whatsapp",
    headers: bearer(shop.token),
    payload: {
      enabled: true,
      settings: { phoneNumberId: WA_PHONE_ID, ...settings },
      secrets: { accessToken: WA_TOKEN, appSecret: WA_APP_SECRET, verifyToken: WA_VERIFY },
    },
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
}

beforeAll(async () => {
  db = await createTestDatabase();
  world = await startMessagingWorld(db.sql);
  const messaging = createMessagingModule(world.config);
  const turnos = createTurnosModule(messaging);
  const modules = cloudModules.map((m) =>
    m.name === "messaging" ? messaging : m.name === "turnos" ? turnos : m,
  );
  cloud = await openTestCloud(db.sql, { modules, clock: world.clock });
  await cloud.app.listen({ port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${(cloud.app.server.address() as AddressInfo).port}`;
  shop = await ownerWithStore(db.sql, cloud, "clinica");
  till = await enrolledAppliance(cloud, shop.token, shop.storeId, "Recepción");
  const email = await cloud.app.inject({
    method: "PATCH",
    url: "/v1/messaging/channels/email",
    headers: bearer(shop.token),
    payload: {
      enabled: true,
      settings: { host: "127.0.0.1", port: world.smtp.port, secure: false, from: "turnos@clinica.test" },
    },
  });
  expect(email.statusCode, email.body).toBeLessThan(300);
  expect((await ingest(cloud, till.token, setupOps(f, c))).statusCode).toBe(200);
});
afterAll(async () => {
  await world?.close();
  await cloud?.close();
  await db?.drop();
});

const settings = (method: "GET" | "PUT", payload?: object, token = shop.token) =>
  cloud.app.inject({
    method,
    url: "/v1/turnos/reminder-settings",
    headers: bearer(token),
    ...(payload ? { payload } : {}),
  });
const view = async (method: "GET" | "PUT", payload?: object) => {
  const res = await settings(method, payload);
  expectAnswer(ReminderSettingsViewSchema, res, 200);
  return json<ReminderSettingsView>(res);
};
const ALL_ON = { templateName: "recordatorio_turno", templateLanguage: "es_AR", enabled: true };

describe("the reminder settings screen's API", () => {
  it("says whether Meta approved the template, as the business account lists it", async () => {
    // No WhatsApp channel yet: nothing to ask.
    expect((await view("GET")).template).toEqual({ state: "no_channel", detail: null });
    // A channel without its business account id: the owner is told it was not checked.
    await patchWhatsapp({});
    expect((await view("GET")).template.state).toBe("unchecked");
    await patchWhatsapp({ businessAccountId: WABA });
    expect((await view("GET")).template.state).toBe("not_found");
    world.whatsapp.setTemplate(WABA, { name: "recordatorio_turno", language: "es_AR", status: "PENDING" });
    expect((await view("GET")).template.state).toBe("pending");
    world.whatsapp.setTemplate(WABA, {
      name: "recordatorio_turno",
      language: "es_AR",
      status: "REJECTED",
      rejectedReason: "INVALID_FORMAT",
    });
    expect((await view("GET")).template).toEqual({ state: "rejected", detail: "INVALID_FORMAT" });
    // Another language of the same name is another template.
    world.whatsapp.setTemplate(WABA, { name: "recordatorio_turno", language: "es", status: "APPROVED" });
    expect((await view("GET")).template.state).toBe("rejected");
    world.whatsapp.setTemplate(WABA, { name: "recordatorio_turno", language: "es_AR", status: "APPROVED" });
    expect((await view("GET")).template).toEqual({ state: "approved", detail: null });
  });

  it("previews the 24 h email with the shop's names, the words patients get", async () => {
    const v = await view("GET");
    expect(v.emailPreview.subject).toBe("Tu turno del martes 3/3, 10:00");
    expect(v.emailPreview.body).toContain(
      "Ana Pérez: Te recordamos tu turno del martes 3/3, 10:00 con Dra. Paz (Consulta) en Local clinica.",
    );
    expect(v.emailPreview.body).toContain("Confirmar: ");
    expect(v.emailPreview.body).toContain("Cancelar: ");
  });

  it("keeps each switch; a PUT without them (an older dashboard) keeps the saved ones", async () => {
    const saved = await view("PUT", { ...ALL_ON, whatsapp: false, before1h: false });
    expect(saved).toMatchObject({ whatsapp: false, email: true, before24h: true, before1h: false });
    expect(await view("PUT", ALL_ON)).toMatchObject({ whatsapp: false, before1h: false });
    expect(await view("PUT", { ...ALL_ON, whatsapp: true, before1h: true })).toMatchObject({
      whatsapp: true,
      email: true,
      before24h: true,
      before1h: true,
    });
  });

  it("refuses, in Spanish and changing nothing, reminders on with no channel or no moment and bad fields", async () => {
    const before = await snapshot(db.owner);
    for (const [bad, message] of [
      [{ ...ALL_ON, whatsapp: false, email: false }, "Elegí al menos un canal"],
      [{ ...ALL_ON, before24h: false, before1h: false }, "Elegí al menos un recordatorio"],
    ] as const) {
      const res = await settings("PUT", bad);
      expect(res.statusCode).toBe(400);
      expect(json<{ error: { message: string } }>(res).error.message).toContain(message);
    }
    for (const bad of [
      { ...ALL_ON, whatsapp: "sí" },
      { ...ALL_ON, before24h: null },
      { ...ALL_ON, email: 1 },
    ]) {
      const res = await settings("PUT", bad);
      expect(res.statusCode).toBe(400);
      expect(json<{ error: { message: string } }>(res).error.message).not.toMatch(/must|should|expected/i);
    }
    expect(await snapshot(db.owner)).toBe(before);
    // All off with nothing chosen is fine: reminders are simply off.
    expect(await view("PUT", { ...ALL_ON, enabled: false, whatsapp: false, email: false })).toMatchObject({
      enabled: false,
      whatsapp: false,
      email: false,
    });
    await view("PUT", { ...ALL_ON, whatsapp: true, email: true });
  });

  it("queues only the channels and reminders switched on", async () => {
    await view("PUT", { ...ALL_ON, whatsapp: false, before1h: false });
    const b = await deskBooking("Ivo Luna", WED_10);
    expect(
      (
        await db.owner.query<{ channel: string; dedupe_key: string }>(
          `SELECT channel, dedupe_key FROM messages WHERE source = $1`,
          [`turno:${b.id}`],
        )
      ).map((m) => [m.channel, m.dedupe_key.split(":")[2]]),
    ).toEqual([["email", "24h"]]);
    await view("PUT", { ...ALL_ON, whatsapp: true, before1h: true });
  });
});

const WED_10 = "2026-03-04T13:00:00.000Z";
let patients = 0;

/** A desk booking of a customer with a phone and an email, uploaded by the till. */
async function deskBooking(name: string, start: string, phone?: string) {
  patients++;
  const customerId = uuidv7();
  await db.owner.query(
    `INSERT INTO customers (tenant_id, id, store_id, name, phone, email, born_at, created_at, updated_at)
     VALUES ($1, $2, NULL, $3, $4, $5, $6, now(), now())`,
    [
      shop.tenantId,
      customerId,
      name,
      phone ?? `+54911444${String(patients).padStart(5, "0")}`,
      `p${patients}@example.com`,
      shop.storeId,
    ],
  );
  const b: OpPayload<"turno_booking", "created"> = {
    id: uuidv7(),
    customerId,
    serviceId: c.consulta.id,
    professionalId: c.pro.id,
    resourceId: null,
    start,
    end: new Date(Date.parse(start) + 30 * 60_000).toISOString(),
    state: "booked",
    holdExpiresAt: null,
    seriesId: null,
    origin: "desk",
    walkIn: false,
    price: 2_000_000,
    depositPaid: 0,
    arrivedAt: null,
    cancelledAt: null,
    cancelledBy: null,
    updatedAt: world.clock.now().toISOString(),
  };
  expect((await ingest(cloud, till.token, [f.op("turno_booking", b.id, "created", b)])).statusCode).toBe(200);
  return { ...b, waId: (phone ?? `+54911444${String(patients).padStart(5, "0")}`).replace("+549", "54") };
}

async function agenda(day = "2026-03-04"): Promise<DashboardAgenda> {
  const res = await cloud.app.inject({
    method: "GET",
    url: `/v1/turnos/agenda?storeId=${shop.storeId}&from=${day}&to=${day}`,
    headers: bearer(shop.token),
  });
  expectAnswer(DashboardAgendaSchema, res, 200);
  return json<DashboardAgenda>(res);
}
const statesOf = async (id: string) =>
  (await agenda()).bookings
    .find((b) => b.id === id)!
    .reminders.map((r) => `${r.reminder} ${r.channel} ${r.state}${r.why ? ` (${r.why})` : ""}`);

describe("the agenda's reminder states", () => {
  const webhook = (body: unknown) =>
    postWhatsappWebhook(`${base}/v1/messaging/webhooks/whatsapp/${shop.tenantId}`, WA_APP_SECRET, body);
  const providerIdOf = async (bookingId: string, kind: string) => {
    const [m] = await db.owner.query<{ provider_id: string }>(
      `SELECT provider_id FROM messages WHERE source = $1 AND channel = 'whatsapp' AND dedupe_key LIKE $2`,
      [`turno:${bookingId}`, `%:${kind}:%`],
    );
    return m!.provider_id;
  };

  it("shows scheduled, sent, delivered, read and the patient's confirm answer of the booking's current start", async () => {
    world.clock.advance(Date.parse("2026-03-02T15:00:00.000Z") - world.clock.now().getTime());
    const b = await deskBooking("Juana Vera", WED_10);
    expect(await statesOf(b.id)).toEqual([
      "24h email scheduled",
      "24h whatsapp scheduled",
      "1h email scheduled",
      "1h whatsapp scheduled",
    ]);
    world.clock.advance(Date.parse("2026-03-03T13:00:00.000Z") - world.clock.now().getTime());
    await new MessagingWorker(db.sql, world.clock, world.config).runOnce();
    expect((await statesOf(b.id)).slice(0, 2)).toEqual(["24h email sent", "24h whatsapp sent"]);
    const wamid = await providerIdOf(b.id, "24h");
    await webhook(
      whatsappWebhookBody(WA_PHONE_ID, { statuses: [whatsappStatus(wamid, "delivered", b.waId)] }),
    );
    expect((await statesOf(b.id))[1]).toBe("24h whatsapp delivered");
    await webhook(whatsappWebhookBody(WA_PHONE_ID, { statuses: [whatsappStatus(wamid, "read", b.waId)] }));
    expect((await statesOf(b.id))[1]).toBe("24h whatsapp read");
    const reply = whatsappButtonReply(b.waId, "Confirmar", `turno:confirm:${b.id}`, world.clock.now(), wamid);
    expect((await webhook(whatsappWebhookBody(WA_PHONE_ID, { messages: [reply] }))).status).toBe(200);
    const row = (await agenda()).bookings.find((x) => x.id === b.id)!;
    expect(row.answer).toMatchObject({ answer: "confirm", channel: "whatsapp" });
  });

  it("shows a failed reminder with why, and one messaging did not send for lack of consent", async () => {
    world.clock.advance(Date.parse("2026-03-02T15:00:00.000Z") - world.clock.now().getTime());
    const failing = await deskBooking("Kevin Ríos", "2026-03-04T15:00:00.000Z");
    const stopped = await deskBooking("Lola Gil", "2026-03-04T16:00:00.000Z");
    // Lola wrote BAJA on WhatsApp: her reminders there must not go.
    await webhook(
      whatsappWebhookBody(WA_PHONE_ID, {
        messages: [whatsappInboundText(stopped.waId, "BAJA", world.clock.now())],
      }),
    );
    // What earlier tests left due (a "Listo" answer) goes first, so the failure below is Kevin's.
    world.clock.advance(Date.parse("2026-03-03T14:00:00.000Z") - world.clock.now().getTime());
    await new MessagingWorker(db.sql, world.clock, world.config).runOnce();
    world.clock.advance(Date.parse("2026-03-03T19:00:00.000Z") - world.clock.now().getTime());
    // Meta refuses the first WhatsApp send for good (a 4xx): failed, with Meta's words.
    world.whatsapp.failNext(400);
    await new MessagingWorker(db.sql, world.clock, world.config).runOnce();
    const failed = (await statesOf(failing.id)).find((s) => s.startsWith("24h whatsapp"));
    const refused = (await statesOf(stopped.id)).find((s) => s.startsWith("24h whatsapp"));
    expect([failed, refused].sort()).toEqual(
      [
        "24h whatsapp failed (WhatsApp respondió 400: 131000 Something went wrong)",
        "24h whatsapp no_consent (La persona se dio de baja de este canal)",
      ].sort(),
    );
  });

  it("a moved booking shows only the reminders of its new start; a cancelled one, them cancelled", async () => {
    world.clock.advance(Date.parse("2026-03-02T15:00:00.000Z") - world.clock.now().getTime());
    const b = await deskBooking("Mara Sol", "2026-03-04T17:00:00.000Z");
    world.clock.advance(60_000);
    const moved = {
      ...b,
      start: "2026-03-04T18:00:00.000Z",
      end: "2026-03-04T18:30:00.000Z",
      updatedAt: world.clock.now().toISOString(),
    };
    await ingest(cloud, till.token, [f.op("turno_booking", b.id, "updated", moved)]);
    const row = (await agenda()).bookings.find((x) => x.id === b.id)!;
    expect(row.reminders.map((r) => [r.state, r.notBefore])).toEqual([
      ["scheduled", "2026-03-03T18:00:00.000Z"],
      ["scheduled", "2026-03-03T18:00:00.000Z"],
      ["scheduled", "2026-03-04T17:00:00.000Z"],
      ["scheduled", "2026-03-04T17:00:00.000Z"],
    ]);
    world.clock.advance(60_000);
    const cancelled = {
      ...moved,
      state: "cancelled" as const,
      cancelledAt: world.clock.now().toISOString(),
      updatedAt: world.clock.now().toISOString(),
    };
    await ingest(cloud, till.token, [f.op("turno_booking", b.id, "updated", cancelled)]);
    expect(new Set(await statesOf(b.id))).toEqual(
      new Set([
        "24h email cancelled",
        "24h whatsapp cancelled",
        "1h email cancelled",
        "1h whatsapp cancelled",
      ]),
    );
  });
});
