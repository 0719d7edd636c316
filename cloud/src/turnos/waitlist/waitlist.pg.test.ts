import type { AddressInfo } from "node:net";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpFactory } from "../../ingest/test-ops.js";
import { createMessagingModule } from "../../messaging/module.js";
import {
  postWhatsappWebhook,
  whatsappButtonReply,
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
  openTestCloud,
  ownerWithStore,
  snapshot,
  type TestCloud,
} from "../../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../../test-support/test-database.js";
import { createStore } from "../../tenancy/stores.js";
import { createTurnosModule } from "../module.js";
import { allotment, clinic, setupOps } from "../test-turnos.js";
import { parseWaitlistAnswer } from "./answers.js";
import { waitlistAnswerToken } from "./links.js";
import { sweepOffers } from "./offers.js";

/**
 * The waitlist's offers end to end in the cloud: real PostgreSQL, the WhatsApp Cloud API fake and the
 * real SMTP test server. The clock starts Monday 2026-03-02 12:00 in Buenos Aires (15:00Z); the freed
 * slots are on Wednesday 2026-03-04 (10:00 there is 13:00Z).
 */

let db: TestDatabase;
let cloud: TestCloud;
let world: Awaited<ReturnType<typeof startMessagingWorld>>;
let base: string;
let shop: Awaited<ReturnType<typeof ownerWithStore>>;
let till: Awaited<ReturnType<typeof enrolledAppliance>>;
let other: Awaited<ReturnType<typeof ownerWithStore>>;
const f = new OpFactory();
const c = clinic();
const NOW = "2026-03-02T15:00:00.000Z";

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
  other = await ownerWithStore(db.sql, cloud, "otra");
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
  setClock(NOW);
  expect((await ingest(cloud, till.token, setupOps(f, c))).statusCode).toBe(200);
});
afterAll(async () => {
  await world?.close();
  await cloud?.close();
  await db?.drop();
});

const setClock = (iso: string) => world.clock.advance(Date.parse(iso) - world.clock.now().getTime());
const runWorker = () => new MessagingWorker(db.sql, world.clock, world.config).runOnce();
const webhook = (body: unknown) =>
  postWhatsappWebhook(`${base}/v1/messaging/webhooks/whatsapp/${shop.tenantId}`, WA_APP_SECRET, body);
const sweep = () => sweepOffers(db.sql, world.clock, world.config);

let patients = 0;
/** A patient on the desk's list: the entry (as the desk uploads it) and how the offer reaches them. */
function waiting() {
  patients++;
  const phone = `+54911444${String(patients).padStart(5, "0")}`;
  const entry: OpPayload<"turno_waitlist_entry", "created"> = {
    id: uuidv7(),
    customerId: uuidv7(),
    serviceId: c.consulta.id,
    professionalId: null,
    weekdays: [],
    fromMinute: null,
    toMinute: null,
    fromDay: "2026-03-02",
    toDay: "2026-03-31",
    state: "offered",
    bookingId: null,
    createdAt: NOW,
    updatedAt: NOW,
  };
  return {
    entry,
    name: `Paciente ${patients}`,
    phone,
    email: `espera${patients}@example.com`,
    waId: phone.replace("+549", "54"),
  };
}
type Waiting = ReturnType<typeof waiting>;

/** A freed slot as the desk gives it: its waitlist allotment (8 units: 30 min + 10) and the offer. */
function offerOps(start: string, people: Waiting[], minutes = 30) {
  const grant: OpPayload<"turno_allotment", "granted"> = {
    ...allotment(c, start, new Date(Date.parse(start) + 40 * 60_000).toISOString()),
    purpose: "waitlist",
  };
  const offer: OpPayload<"turno_waitlist_offer", "created"> = {
    id: uuidv7(),
    allotmentId: grant.id,
    professionalId: c.pro.id,
    serviceId: c.consulta.id,
    start,
    minutes,
    entries: people.map((p) => ({ entryId: p.entry.id, name: p.name, phone: p.phone, email: p.email })),
    createdAt: NOW,
  };
  return { grant, offer };
}

const turns = async (offerId: string) =>
  (
    await db.owner.query<{ state: string }>(
      `SELECT state FROM turno_waitlist_turns WHERE offer_id = $1 ORDER BY position`,
      [offerId],
    )
  ).map((r) => r.state);
const offerState = async (offerId: string) =>
  (
    await db.owner.query<{ state: string; booking_id: string | null }>(
      `SELECT state, booking_id FROM turno_waitlist_offers WHERE id = $1`,
      [offerId],
    )
  )[0];
const bookingsAt = (start: string) =>
  db.owner.query<{ id: string; waitlist_entry_id: string | null; patient_name: string }>(
    `SELECT id, waitlist_entry_id, patient_name FROM turno_bookings WHERE start_at = $1 AND state <> 'cancelled'`,
    [start],
  );
const messagesTo = (offerId: string) =>
  db.owner.query<{ channel: string; body: string; reply_context: { position: number } }>(
    `SELECT channel, body, reply_context FROM messages WHERE source = $1 ORDER BY created_at, channel`,
    [`waitlist:${offerId}`],
  );
const answerLink = (offerId: string, position: number, a: "accept" | "decline", tenant = shop.tenantId) =>
  `/v1/turnos/waitlist/answer?token=${waitlistAnswerToken(world.config, { t: tenant, o: offerId, p: position, a })}`;
const post = (url: string) => cloud.app.inject({ method: "POST", url });

describe("the waitlist's offers in the cloud", () => {
  it("offers the slot to the first in line, then the next on a decline or when the time runs out; the first acceptance books it", async () => {
    setClock(NOW);
    const people = [waiting(), waiting(), waiting()];
    const start = "2026-03-04T13:00:00.000Z";
    const { offer, grant } = offerOps(start, people);
    const up = await ingest(cloud, till.token, offerOpsFor(people, grant, offer));
    expect(up.statusCode, up.body).toBe(200);
    expect(await turns(offer.id)).toEqual(["offered", "pending", "pending"]);
    const first = await messagesTo(offer.id);
    expect(first.map((m) => [m.channel, m.reply_context.position])).toEqual([
      ["email", 0],
      ["whatsapp", 0],
    ]);
    expect(first[0]!.body).toMatch(/se liberó un turno el miércoles 4\/3, 10:00/);

    // The first declines by the email's link: the second's turn.
    expect((await post(answerLink(offer.id, 0, "decline"))).statusCode).toBe(200);
    expect(await turns(offer.id)).toEqual(["declined", "offered", "pending"]);

    // The second lets the 30 minutes pass: the sweep gives the third their turn.
    setClock("2026-03-02T15:29:00.000Z");
    await sweep();
    expect(await turns(offer.id)).toEqual(["declined", "offered", "pending"]);
    setClock("2026-03-02T15:31:00.000Z");
    await sweep();
    expect(await turns(offer.id)).toEqual(["declined", "expired", "offered"]);

    // The second's late "acepto" is refused and changes nothing.
    const before = await snapshot(db.owner);
    const late = await post(answerLink(offer.id, 1, "accept"));
    expect(late.statusCode).toBe(409);
    expect(JSON.parse(late.body)).toMatchObject({ error: { code: "offer_expired" } });
    expect(await snapshot(db.owner)).toBe(before);

    // The third taps "Acepto" on WhatsApp: booked under the cloud's keys, naming the desk's entry.
    await runWorker();
    const [wa] = await db.owner.query<{ provider_id: string }>(
      `SELECT provider_id FROM messages WHERE source = $1 AND channel = 'whatsapp' AND provider_id IS NOT NULL
         AND (reply_context->>'position')::int = 2`,
      [`waitlist:${offer.id}`],
    );
    const tap = whatsappWebhookBody(WA_PHONE_ID, {
      messages: [
        whatsappButtonReply(
          people[2]!.waId,
          "Acepto",
          `waitlist:accept:${offer.id}:2`,
          world.clock.now(),
          wa!.provider_id,
        ),
      ],
    });
    expect((await webhook(tap)).status).toBe(200);
    expect(await turns(offer.id)).toEqual(["declined", "expired", "accepted"]);
    const booked = await bookingsAt(start);
    expect(booked).toEqual([
      expect.objectContaining({ waitlist_entry_id: people[2]!.entry.id, patient_name: "Paciente 3" }),
    ]);
    expect(await offerState(offer.id)).toEqual({ state: "booked", booking_id: booked[0]!.id });
    const keys = await db.owner.query(
      `SELECT count(*)::int AS n FROM turno_online_keys WHERE booking_id = $1`,
      [booked[0]!.id],
    );
    expect(keys).toEqual([{ n: 8 }]);
    // The allotment is returned (nothing left to give back: the booking holds all its units).
    const [a] = await db.owner.query<{ state: string }>(`SELECT state FROM turno_allotments WHERE id = $1`, [
      grant.id,
    ]);
    expect(a!.state).toBe("returned");
    // The patient hears back on WhatsApp.
    const replies = await db.owner.query<{ body: string }>(
      `SELECT body FROM messages WHERE source = $1 AND dedupe_key LIKE 'waitlist_answer:%'`,
      [`waitlist:${offer.id}`],
    );
    expect(replies.map((r) => r.body)).toEqual([
      expect.stringMatching(/^Listo: el turno del miércoles 4\/3, 10:00 es tuyo/),
    ]);
    // The booking goes down to the store's appliance with its entry.
    const shape = await cloud.app.inject({
      method: "GET",
      url: `/v1/shape?table=turno_bookings&offset=-1`,
      headers: bearer(till.token),
    });
    const rows = (JSON.parse(shape.body) as { value?: Record<string, string> }[]).flatMap((m) =>
      m.value ? [m.value] : [],
    );
    expect(rows.find((r) => r.id === booked[0]!.id)).toMatchObject({
      waitlist_entry_id: people[2]!.entry.id,
    });

    // A second acceptance after the booking: "Ya no está disponible", with the next free slots.
    const again = await post(answerLink(offer.id, 0, "accept"));
    expect(again.statusCode).toBe(409);
    expect(JSON.parse(again.body)).toMatchObject({
      error: { code: "slot_taken", message: "Ya no está disponible" },
    });
  });

  it("ten acceptances racing for the same offer end with exactly one booking", async () => {
    setClock(NOW);
    const people = [waiting()];
    const start = "2026-03-04T14:00:00.000Z";
    const { offer, grant } = offerOps(start, people);
    expect((await ingest(cloud, till.token, offerOpsFor(people, grant, offer))).statusCode).toBe(200);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        fetch(`${base}${answerLink(offer.id, 0, "accept")}`, { method: "POST" }),
      ),
    );
    const codes = answers.map((r) => r.status);
    // The same patient's repeated click: the first books, the others see it is theirs already or taken.
    expect(codes.every((s) => s === 200 || s === 409)).toBe(true);
    expect(await bookingsAt(start)).toHaveLength(1);
    const keys = await db.owner.query(
      `SELECT count(*)::int AS n FROM turno_online_keys WHERE unit >= $1 AND unit < $2`,
      [Date.parse(start) / 300_000, Date.parse(start) / 300_000 + 8],
    );
    expect(keys).toEqual([{ n: 8 }]);
  });

  it("an offer nobody accepts returns the slot to the desk; the public page never offers or books a waitlist slot", async () => {
    setClock(NOW);
    const people = [waiting()];
    const start = "2026-03-04T15:00:00.000Z";
    const { offer, grant } = offerOps(start, people);
    expect((await ingest(cloud, till.token, offerOpsFor(people, grant, offer))).statusCode).toBe(200);
    const slots = await cloud.app.inject({
      method: "GET",
      url: `/v1/turnos/public/${shop.storeId}/slots?serviceId=${c.consulta.id}&from=2026-03-04&to=2026-03-04`,
    });
    expect(slots.statusCode, slots.body).toBe(200);
    expect(
      (JSON.parse(slots.body) as { slots: { start: string }[] }).slots.map((s) => s.start),
    ).not.toContain(start);
    const publicBooking = await cloud.app.inject({
      method: "POST",
      url: `/v1/turnos/public/${shop.storeId}/bookings`,
      payload: { serviceId: c.consulta.id, start, name: "Otra", phone: "+54 9 11 5555-9999", optIn: false },
    });
    expect(publicBooking.statusCode).toBe(409);
    expect(await bookingsAt(start)).toHaveLength(0);

    setClock("2026-03-02T15:31:00.000Z");
    await sweep();
    expect(await turns(offer.id)).toEqual(["expired"]);
    expect((await offerState(offer.id))!.state).toBe("returned");
    const [a] = await db.owner.query<{ state: string; returned_ranges: [number, number][] }>(
      `SELECT state, returned_ranges FROM turno_allotments WHERE id = $1`,
      [grant.id],
    );
    expect(a).toEqual({ state: "returned", returned_ranges: grant.ranges });
  });

  it("an entry the desk removed before its turn is skipped", async () => {
    setClock(NOW);
    const people = [waiting(), waiting()];
    const start = "2026-03-04T16:00:00.000Z";
    const { offer, grant } = offerOps(start, people);
    expect((await ingest(cloud, till.token, offerOpsFor(people, grant, offer))).statusCode).toBe(200);
    const removed = { ...people[1]!.entry, state: "removed" as const, updatedAt: "2026-03-02T15:05:00.000Z" };
    expect(
      (await ingest(cloud, till.token, [f.op("turno_waitlist_entry", removed.id, "updated", removed)]))
        .statusCode,
    ).toBe(200);
    expect((await post(answerLink(offer.id, 0, "decline"))).statusCode).toBe(200);
    expect(await turns(offer.id)).toEqual(["declined", "skipped"]);
    expect((await offerState(offer.id))!.state).toBe("returned");
  });

  it("refuses a forged or altered link, an unknown offer, and another store's patients; nothing changes", async () => {
    setClock(NOW);
    const people = [waiting()];
    const start = "2026-03-05T13:00:00.000Z";
    const { offer, grant } = offerOps(start, people);
    expect((await ingest(cloud, till.token, offerOpsFor(people, grant, offer))).statusCode).toBe(200);
    const before = await snapshot(db.owner);
    const good = answerLink(offer.id, 0, "accept");
    const forged = good.slice(0, -3) + (good.endsWith("AAA") ? "BBB" : "AAA");
    const r1 = await post(forged);
    expect(r1.statusCode).toBe(400);
    expect(JSON.parse(r1.body)).toMatchObject({
      error: { code: "bad_token", message: "El enlace del turno no es válido" },
    });
    expect((await post(answerLink(uuidv7(), 0, "accept"))).statusCode).toBe(404);
    expect((await post(answerLink(offer.id, 5, "accept"))).statusCode).toBe(404);
    // A valid link of this offer under another tenant finds nothing there (RLS).
    expect((await post(answerLink(offer.id, 0, "accept", other.tenantId))).statusCode).toBe(404);
    expect((await post(`/v1/turnos/waitlist/answer?token=short`)).statusCode).toBe(400);
    expect(await snapshot(db.owner)).toBe(before);

    // Another store of the same tenant offers this store's waiting patient: refused by name.
    const storeB = await createStore(db.sql, shop.tenantId, "Sucursal B", world.clock);
    const tillB = await enrolledAppliance(cloud, shop.token, storeB.id, "B");
    const fB = new OpFactory();
    const cB = clinic(" B");
    await ingest(cloud, tillB.token, setupOps(fB, cB));
    const stolen: OpPayload<"turno_waitlist_offer", "created"> = {
      ...offer,
      id: uuidv7(),
      allotmentId: uuidv7(),
      professionalId: cB.pro.id,
      serviceId: cB.consulta.id,
    };
    const beforeB = await snapshot(db.owner);
    const res = await ingest(cloud, tillB.token, [
      fB.op("turno_waitlist_offer", stolen.id, "created", stolen),
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/El paciente en espera pertenece a otro local/);
    expect(await snapshot(db.owner)).toBe(beforeB);
  });

  it("a patient whose turn comes inside the shop's minimum notice can still take the slot", async () => {
    setClock(NOW);
    const people = [waiting(), waiting(), waiting()];
    // 14:00 there, 2 h ahead (notice: 60 min): by the third turn it is 58 minutes ahead.
    const start = "2026-03-02T17:00:00.000Z";
    const { offer, grant } = offerOps(start, people);
    expect((await ingest(cloud, till.token, offerOpsFor(people, grant, offer))).statusCode).toBe(200);
    setClock("2026-03-02T15:31:00.000Z");
    await sweep();
    setClock("2026-03-02T16:02:00.000Z");
    await sweep();
    expect(await turns(offer.id)).toEqual(["expired", "expired", "offered"]);
    const accepted = await post(answerLink(offer.id, 2, "accept"));
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(await bookingsAt(start)).toHaveLength(1);
  });

  it("reads Acepto / No puedo from buttons and words", () => {
    expect(parseWaitlistAnswer("Acepto", "waitlist:accept:x:0")).toBe("accept");
    expect(parseWaitlistAnswer("", "waitlist:decline:x:0")).toBe("decline");
    expect(parseWaitlistAnswer("¡Sí, lo quiero!", null)).toBe("accept");
    expect(parseWaitlistAnswer("No puedo, gracias", null)).toBe("decline");
    expect(parseWaitlistAnswer("¿a qué hora era?", null)).toBeNull();
  });
});

/** The ops of a freed slot's upload (entries, waitlist allotment, offer), in the desk's order. */
function offerOpsFor(
  people: Waiting[],
  grant: OpPayload<"turno_allotment", "granted">,
  offer: OpPayload<"turno_waitlist_offer", "created">,
) {
  return [
    ...people.map((p) => f.op("turno_waitlist_entry", p.entry.id, "created", p.entry)),
    f.op("turno_allotment", grant.id, "granted", grant),
    f.op("turno_waitlist_offer", offer.id, "created", offer),
  ];
}
