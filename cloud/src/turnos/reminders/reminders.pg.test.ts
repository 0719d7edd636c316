import type { AddressInfo } from "node:net";
import { BookingRemindersSchema } from "@mostrador/contracts/http/cloud-turnos";
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
import { allotment, clinic, setupOps } from "../test-turnos.js";
import { parseAnswer } from "./answers.js";
import { sweepReminders } from "./schedule.js";

/**
 * Reminders and confirmations end to end in the cloud: real PostgreSQL, the WhatsApp Cloud API fake and
 * the real SMTP test server. The clock starts Monday 2026-03-02 12:00 in Buenos Aires (15:00Z); the
 * bookings are on Wednesday 2026-03-04 (10:00 there is 13:00Z).
 */

let db: TestDatabase;
let cloud: TestCloud;
let world: Awaited<ReturnType<typeof startMessagingWorld>>;
let base: string;
let shop: Awaited<ReturnType<typeof ownerWithStore>>;
let till: Awaited<ReturnType<typeof enrolledAppliance>>;
const f = new OpFactory();
const c = clinic();
const WED_10 = "2026-03-04T13:00:00.000Z";
const WED_11 = "2026-03-04T14:00:00.000Z";

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
  for (const [channel, payload] of [
    [
      "whatsapp",
      {
        enabled: true,
        settings: { phoneNumberId: WA_PHONE_ID, alertTemplate: { name: "aviso_dueno", language: "es_AR" } },
        secrets: { accessToken: WA_TOKEN, appSecret: WA_APP_SECRET, verifyToken: WA_VERIFY },
      },
    ],
    [
      "email",
      {
        enabled: true,
        settings: { host: "127.0.0.1", port: world.smtp.port, secure: false, from: "turnos@clinica.test" },
      },
    ],
  ] as const) {
    const res = await cloud.app.inject({
      method: "PATCH",
      url: `/v1/messaging/channels/${channel}`,
      headers: bearer(shop.token),
      payload,
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
  }
  expect((await ingest(cloud, till.token, setupOps(f, c))).statusCode).toBe(200);
});
afterAll(async () => {
  await world?.close();
  await cloud?.close();
  await db?.drop();
});

/** The test's clock to an instant (forward or back: each test places its own bookings). */
const setClock = (iso: string) => world.clock.advance(Date.parse(iso) - world.clock.now().getTime());
const runWorker = () => new MessagingWorker(db.sql, world.clock, world.config).runOnce();
const webhook = (body: unknown, secret = WA_APP_SECRET) =>
  postWhatsappWebhook(`${base}/v1/messaging/webhooks/whatsapp/${shop.tenantId}`, secret, body);

let patients = 0;
/** A customer of the shop (as the customers projection keeps them) with a phone and an email. */
async function customer(name: string) {
  patients++;
  const id = uuidv7();
  const phone = `+54911555${String(patients).padStart(5, "0")}`;
  const email = `paciente${patients}@example.com`;
  await db.owner.query(
    `INSERT INTO customers (tenant_id, id, store_id, name, phone, email, born_at, created_at, updated_at)
     VALUES ($1, $2, NULL, $3, $4, $5, $6, now(), now())`,
    [shop.tenantId, id, name, phone, email, shop.storeId],
  );
  return { id, phone, email, waId: phone.replace("+549", "54") };
}

function deskBooking(customerId: string | null, start: string, extra: Record<string, unknown> = {}) {
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
    ...extra,
  };
  return b;
}

async function remindersOf(bookingId: string) {
  return db.owner.query<{
    id: string;
    channel: string;
    status: string;
    not_before: Date;
    dedupe_key: string;
    template: { parameters: string[]; quickReplies?: string[] } | null;
    body: string;
    provider_id: string | null;
  }>(
    `SELECT id, channel, status, not_before, dedupe_key, template, body, provider_id FROM messages
      WHERE source = $1 ORDER BY not_before, channel, created_at`,
    [`turno:${bookingId}`],
  );
}

const shapeOf = async (table: string) =>
  (
    JSON.parse(
      (
        await cloud.app.inject({
          method: "GET",
          url: `/v1/shape?table=${table}&offset=-1`,
          headers: bearer(till.token),
        })
      ).body,
    ) as { value?: Record<string, string> }[]
  ).flatMap((m) => (m.value ? [m.value] : []));

describe("reading an answer", () => {
  it.each([
    ["Confirmar", null, "confirm"],
    ["  CONFIRMO!! ", null, "confirm"],
    ["Sí, confirmo", null, "confirm"],
    ["confirm", null, "confirm"],
    ["Cancelar", null, "cancel"],
    ["cancelo, perdón", null, "cancel"],
    ["Cancel", null, "cancel"],
    ["Confirmar", "turno:cancel:0190", "cancel"],
    ["hola, ¿a qué hora era?", null, null],
    ["", null, null],
  ])("%j (payload %j) reads as %j", (text, payload, expected) => {
    expect(parseAnswer(text, payload)).toBe(expected);
  });
});

describe("turnos' reminders", () => {
  it("a desk booking queues the 24 h and 1 h reminders on WhatsApp and email, worded in the shop's time zone", async () => {
    const p = await customer("Ana Gómez");
    const b = deskBooking(p.id, WED_10);
    expect((await ingest(cloud, till.token, [f.op("turno_booking", b.id, "created", b)])).statusCode).toBe(
      200,
    );
    const rows = await remindersOf(b.id);
    expect(rows.map((r) => [r.channel, r.not_before.toISOString(), r.status])).toEqual([
      ["email", "2026-03-03T13:00:00.000Z", "queued"],
      ["whatsapp", "2026-03-03T13:00:00.000Z", "queued"],
      ["email", "2026-03-04T12:00:00.000Z", "queued"],
      ["whatsapp", "2026-03-04T12:00:00.000Z", "queued"],
    ]);
    const wa = rows.find((r) => r.channel === "whatsapp")!;
    expect(wa.template?.parameters).toEqual([
      "Ana Gómez",
      "miércoles 4/3, 10:00",
      "Dra. Paz",
      "Consulta",
      "Local clinica",
    ]);
    expect(wa.template?.quickReplies).toEqual([`turno:confirm:${b.id}`, `turno:cancel:${b.id}`]);
    // The same op uploaded again (a retried batch) queues nothing new.
    await ingest(cloud, till.token, [f.op("turno_booking", b.id, "updated", { ...b })]);
    expect(await remindersOf(b.id)).toHaveLength(4);
  });

  it("a move cancels the old reminders and queues new ones; a cancel cancels them all", async () => {
    const p = await customer("Beto Ruiz");
    const b = deskBooking(p.id, WED_10);
    await ingest(cloud, till.token, [f.op("turno_booking", b.id, "created", b)]);
    world.clock.advance(60_000);
    const moved = {
      ...b,
      start: WED_11,
      end: "2026-03-04T14:30:00.000Z",
      updatedAt: world.clock.now().toISOString(),
    };
    await ingest(cloud, till.token, [f.op("turno_booking", b.id, "updated", moved)]);
    let rows = await remindersOf(b.id);
    expect(rows.filter((r) => r.status === "cancelled")).toHaveLength(4);
    expect(rows.filter((r) => r.status === "queued").map((r) => r.not_before.toISOString())).toEqual([
      "2026-03-03T14:00:00.000Z",
      "2026-03-03T14:00:00.000Z",
      "2026-03-04T13:00:00.000Z",
      "2026-03-04T13:00:00.000Z",
    ]);
    world.clock.advance(60_000);
    const cancelled = {
      ...moved,
      state: "cancelled" as const,
      cancelledAt: world.clock.now().toISOString(),
      updatedAt: world.clock.now().toISOString(),
    };
    await ingest(cloud, till.token, [f.op("turno_booking", b.id, "updated", cancelled)]);
    rows = await remindersOf(b.id);
    expect(rows.every((r) => r.status === "cancelled")).toBe(true);
  });

  it("a patient without phone or email gets none, and a booking soon gets only the reminders still ahead", async () => {
    const nobody = deskBooking(null, WED_10);
    const soon = deskBooking((await customer("Caro Sosa")).id, "2026-03-02T17:00:00.000Z");
    await ingest(cloud, till.token, [
      f.op("turno_booking", nobody.id, "created", nobody),
      f.op("turno_booking", soon.id, "created", soon),
    ]);
    expect(await remindersOf(nobody.id)).toEqual([]);
    expect((await remindersOf(soon.id)).map((r) => r.dedupe_key.split(":")[2])).toEqual(["1h", "1h"]);
  });

  it("the sweep queues what the projection could not: a booking whose patient arrived after it", async () => {
    const id = uuidv7();
    const b = deskBooking(id, "2026-03-03T16:00:00.000Z");
    await ingest(cloud, till.token, [f.op("turno_booking", b.id, "created", b)]);
    expect(await remindersOf(b.id)).toEqual([]);
    await db.owner.query(
      `INSERT INTO customers (tenant_id, id, store_id, name, phone, born_at, created_at, updated_at)
       VALUES ($1, $2, NULL, 'Fede Díaz', '+5491155599999', $3, now(), now())`,
      [shop.tenantId, id, shop.storeId],
    );
    await sweepReminders(db.sql, world.clock, world.config);
    await sweepReminders(db.sql, world.clock, world.config);
    expect((await remindersOf(b.id)).map((r) => [r.channel, r.not_before.toISOString()])).toEqual([
      ["whatsapp", "2026-03-02T16:00:00.000Z"],
      ["whatsapp", "2026-03-03T15:00:00.000Z"],
    ]);
  });
});

describe("answers", () => {
  let p: Awaited<ReturnType<typeof customer>>;
  let desk: OpPayload<"turno_booking", "created">;

  beforeAll(async () => {
    setClock("2026-03-02T15:10:00.000Z");
    p = await customer("Dora Paz");
    desk = deskBooking(p.id, "2026-03-04T16:00:00.000Z");
    await ingest(cloud, till.token, [f.op("turno_booking", desk.id, "created", desk)]);
  });

  it("the 24 h reminder reaches the fake WhatsApp as the template with Confirmar/Cancelar buttons", async () => {
    setClock("2026-03-03T16:00:00.000Z");
    await runWorker();
    const sent = world.whatsapp.sent.filter((s) => s.body.to === p.waId);
    expect(sent).toHaveLength(1);
    const components = sent[0]!.body.template!.components;
    expect(components.filter((x) => x.type === "button").map((x) => x.parameters[0]!.payload)).toEqual([
      `turno:confirm:${desk.id}`,
      `turno:cancel:${desk.id}`,
    ]);
  });

  it("a forged webhook is refused and changes nothing", async () => {
    const [wa] = (await remindersOf(desk.id)).filter((r) => r.channel === "whatsapp" && r.provider_id);
    const before = await snapshot(db.owner);
    const body = whatsappWebhookBody(WA_PHONE_ID, {
      messages: [
        whatsappButtonReply(
          p.waId,
          "Confirmar",
          `turno:confirm:${desk.id}`,
          world.clock.now(),
          wa!.provider_id!,
        ),
      ],
    });
    const res = await webhook(body, "otro-secreto");
    expect(res.status).toBe(401);
    expect(await snapshot(db.owner)).toBe(before);
  });

  it("tapping Confirmar on a desk booking records the answer and sends it down to the store, once per wamid", async () => {
    const [wa] = (await remindersOf(desk.id)).filter((r) => r.channel === "whatsapp" && r.provider_id);
    const body = whatsappWebhookBody(WA_PHONE_ID, {
      messages: [
        whatsappButtonReply(
          p.waId,
          "Confirmar",
          `turno:confirm:${desk.id}`,
          world.clock.now(),
          wa!.provider_id!,
        ),
      ],
    });
    expect((await webhook(body)).status).toBe(200);
    expect((await webhook(body)).status).toBe(200);
    const answers = await db.owner.query<{ answer: string; origin: string }>(
      `SELECT answer, origin FROM turno_answers WHERE booking_id = $1`,
      [desk.id],
    );
    expect(answers).toEqual([{ answer: "confirm", origin: "desk" }]);
    // The cloud never changes a desk booking itself.
    const [row] = await db.owner.query<{ state: string }>(`SELECT state FROM turno_bookings WHERE id = $1`, [
      desk.id,
    ]);
    expect(row?.state).toBe("booked");
    const down = await shapeOf("turno_answers");
    expect(down).toMatchObject([{ booking_id: desk.id, answer: "confirm", channel: "whatsapp" }]);
  });

  it("the dashboard sees the booking's reminders with their delivery status and the answer", async () => {
    const [wa] = (await remindersOf(desk.id)).filter((r) => r.channel === "whatsapp" && r.provider_id);
    await webhook(
      whatsappWebhookBody(WA_PHONE_ID, { statuses: [whatsappStatus(wa!.provider_id!, "delivered", p.waId)] }),
    );
    const res = await cloud.app.inject({
      method: "GET",
      url: `/v1/turnos/bookings/${desk.id}/reminders`,
      headers: bearer(shop.token),
    });
    expect(res.statusCode).toBe(200);
    expectAnswer(BookingRemindersSchema, res, json(res));
    const view = json<{
      reminders: { reminder: string; channel: string; status: string }[];
      answers: unknown[];
    }>(res);
    expect(view.reminders).toContainEqual(
      expect.objectContaining({ reminder: "24h", channel: "whatsapp", status: "delivered" }),
    );
    expect(view.answers).toEqual([expect.objectContaining({ answer: "confirm", channel: "whatsapp" })]);
    const missing = await cloud.app.inject({
      method: "GET",
      url: `/v1/turnos/bookings/0190a8e0-0000-7000-8000-000000000000/reminders`,
      headers: bearer(shop.token),
    });
    expect(missing.statusCode).toBe(404);
    expect(json<{ error: { message: string } }>(missing).error.message).toBe("No existe ese turno");
  });

  it("BAJA stops the reminders still to come on that channel", async () => {
    expect(
      (
        await webhook(
          whatsappWebhookBody(WA_PHONE_ID, {
            messages: [whatsappInboundText(p.waId, "BAJA", world.clock.now())],
          }),
        )
      ).status,
    ).toBe(200);
    setClock("2026-03-04T15:00:00.000Z");
    const before = world.whatsapp.sent.filter((s) => s.body.to === p.waId).length;
    await runWorker();
    expect(world.whatsapp.sent.filter((s) => s.body.to === p.waId)).toHaveLength(before);
    const oneHour = (await remindersOf(desk.id)).filter((r) => r.dedupe_key.includes(":1h:"));
    expect(oneHour.find((r) => r.channel === "whatsapp")?.status).not.toMatch(/accepted|sent|delivered/);
    // Email is another channel: its 1 h reminder went.
    expect(oneHour.find((r) => r.channel === "email")?.status).toBe("accepted");
  });
});

describe("an online booking: the cloud's own", () => {
  type Booked = { booking: { id: string; state: string } };
  const book = async (start: string, phone: string, email: string | null) =>
    cloud.app.inject({
      method: "POST",
      url: `/v1/turnos/public/${shop.storeId}/bookings`,
      payload: { serviceId: c.consulta.id, start, name: "Eva Luna", phone, email, optIn: true },
    });

  beforeAll(async () => {
    setClock("2026-03-02T15:20:00.000Z");
    const grant = allotment(c, "2026-03-05T03:00:00.000Z", "2026-03-06T03:00:00.000Z");
    expect(
      (await ingest(cloud, till.token, [f.op("turno_allotment", grant.id, "granted", grant)])).statusCode,
    ).toBe(200);
  });

  it("typed «confirmo» confirms it in the cloud, and it goes down with its new state", async () => {
    setClock("2026-03-02T15:20:00.000Z");
    const res = await book("2026-03-05T13:00:00.000Z", "+54 9 11 4444-0001", null);
    expect(res.statusCode, res.body).toBe(201);
    const id = json<Booked>(res).booking.id;
    expect((await remindersOf(id)).map((r) => r.channel)).toEqual(["whatsapp", "whatsapp"]);
    setClock("2026-03-04T13:00:00.000Z");
    await runWorker();
    expect((await remindersOf(id))[0]!.provider_id).not.toBeNull();
    const typed = whatsappInboundText("541144440001", "CONFIRMO 👍", world.clock.now());
    expect((await webhook(whatsappWebhookBody(WA_PHONE_ID, { messages: [typed] }))).status).toBe(200);
    const [row] = await db.owner.query<{ state: string }>(`SELECT state FROM turno_bookings WHERE id = $1`, [
      id,
    ]);
    expect(row?.state).toBe("confirmed");
    expect((await shapeOf("turno_bookings")).find((b) => b.id === id)?.state).toBe("confirmed");
    // The patient hears back in the conversation they opened (free text: inside WhatsApp's 24 h window).
    await runWorker();
    const reply = world.whatsapp.sent.filter((m) => m.body.to === "541144440001").at(-1);
    expect(reply?.body).toMatchObject({
      type: "text",
      text: { body: "Listo: tu turno quedó confirmado. ¡Te esperamos!" },
    });
  });

  it("«Cancelar» by button cancels it, frees its keys and stops its 1 h reminder", async () => {
    setClock("2026-03-02T15:30:00.000Z");
    const res = await book("2026-03-05T15:00:00.000Z", "+54 9 11 4444-0002", null);
    const id = json<Booked>(res).booking.id;
    setClock("2026-03-04T15:00:00.000Z");
    await runWorker();
    const [first] = await remindersOf(id);
    const tap = whatsappButtonReply(
      "541144440002",
      "Cancelar",
      `turno:cancel:${id}`,
      world.clock.now(),
      first!.provider_id!,
    );
    expect((await webhook(whatsappWebhookBody(WA_PHONE_ID, { messages: [tap] }))).status).toBe(200);
    const [row] = await db.owner.query<{ state: string }>(`SELECT state FROM turno_bookings WHERE id = $1`, [
      id,
    ]);
    expect(row?.state).toBe("cancelled");
    const [keys] = await db.owner.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM turno_online_keys WHERE booking_id = $1`,
      [id],
    );
    expect(keys?.n).toBe(0);
    expect((await remindersOf(id)).map((r) => r.status)).toEqual(["accepted", "cancelled"]);
  });

  it("the email's signed links: GET only shows the button, POST confirms; a tampered link is refused", async () => {
    setClock("2026-03-02T15:40:00.000Z");
    const res = await book("2026-03-05T17:00:00.000Z", "+54 9 11 4444-0003", "eva@example.com");
    const id = json<Booked>(res).booking.id;
    setClock("2026-03-04T17:00:00.000Z");
    await runWorker();
    const mail = world.smtp.received.find((m) => m.to.includes("eva@example.com"));
    const text = mail!.raw.replace(/=\r?\n/g, "").replaceAll("=3D", "=");
    const confirm = /(http\S+\/v1\/turnos\/answer\?token=[\w.-]+)/.exec(
      text.slice(text.indexOf("Confirmar:")),
    )![1]!;
    const path = confirm.slice(confirm.indexOf("/v1/"));
    const before = await snapshot(db.owner);
    expect((await cloud.app.inject({ method: "GET", url: path })).statusCode).toBe(200);
    const tampered = await cloud.app.inject({ method: "POST", url: path.replace(/.(?=\.)/, "x") });
    expect(tampered.statusCode).toBe(400);
    expect(json<{ error: { message: string } }>(tampered).error.message).toBe(
      "El enlace del turno no es válido",
    );
    expect(await snapshot(db.owner)).toBe(before);
    const done = await cloud.app.inject({ method: "POST", url: path });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain("confirmado");
    const [row] = await db.owner.query<{ state: string }>(`SELECT state FROM turno_bookings WHERE id = $1`, [
      id,
    ]);
    expect(row?.state).toBe("confirmed");
  });
});

describe("the shop's reminder settings", () => {
  const settings = (method: "GET" | "PUT", payload?: object) =>
    cloud.app.inject({
      method,
      url: "/v1/turnos/reminder-settings",
      headers: bearer(shop.token),
      ...(payload ? { payload } : {}),
    });

  it("name the WhatsApp template new reminders use; bad input is refused in Spanish and changes nothing", async () => {
    expect(json(await settings("GET"))).toMatchObject({
      templateName: "recordatorio_turno",
      templateLanguage: "es_AR",
      enabled: true,
    });
    const saved = await settings("PUT", {
      templateName: "turno_aviso",
      templateLanguage: "es",
      enabled: true,
    });
    expect(saved.statusCode).toBe(200);
    const before = await snapshot(db.owner);
    for (const bad of [
      { templateName: "Turno Aviso", templateLanguage: "es", enabled: true },
      { templateName: "turno_aviso", templateLanguage: "español", enabled: true },
      { templateName: "turno_aviso", templateLanguage: "es" },
      { templateName: "turno_aviso", templateLanguage: "es", enabled: true, extra: 1 },
    ]) {
      const res = await settings("PUT", bad);
      expect(res.statusCode).toBe(400);
      expect(json<{ error: { message: string } }>(res).error.message).not.toMatch(
        /must|required|should|invalid/i,
      );
    }
    expect(await snapshot(db.owner)).toBe(before);
    setClock("2026-03-02T15:00:00.000Z");
    const b = deskBooking((await customer("Gabi Ortiz")).id, WED_10);
    await ingest(cloud, till.token, [f.op("turno_booking", b.id, "created", b)]);
    const wa = (await remindersOf(b.id)).find((r) => r.channel === "whatsapp");
    expect(wa?.template).toMatchObject({ name: "turno_aviso", language: "es" });
  });

  it("switched off, no more reminders are queued", async () => {
    expect(
      (await settings("PUT", { templateName: "turno_aviso", templateLanguage: "es", enabled: false }))
        .statusCode,
    ).toBe(200);
    const b = deskBooking((await customer("Hugo Paz")).id, WED_10);
    await ingest(cloud, till.token, [f.op("turno_booking", b.id, "created", b)]);
    expect(await remindersOf(b.id)).toEqual([]);
  });
});
