import type { AddressInfo } from "node:net";
import {
  OnlineBookedSchema,
  OnlineBookingSchema,
  OnlineSetupSchema,
  type OnlineBooked,
  type OnlineBooking,
} from "@mostrador/contracts/http/cloud-turnos";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import {
  type FakeMercadoPago,
  startFakeMercadoPago,
} from "@mostrador/platform/mercadopago/fake/fake-mercadopago";
import { redirectMercadoPagoTo } from "@mostrador/platform/mercadopago/fake/redirect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpFactory } from "../ingest/test-ops.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import {
  bearer,
  enrolledAppliance,
  ingest,
  json,
  openTestCloud,
  ownerWithStore,
  snapshot,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { messagingModule } from "../messaging/module.js";
import { sweepHolds } from "./deposits.js";
import { applyAnswer } from "./reminders/answers.js";
import { allotment, clinic, setupOps } from "./test-turnos.js";

// The online seña against a real PostgreSQL and the local fake Mercado Pago: the real client creates the
// Checkout Pro link, the fake "buyer" pays it and MP's signed webhook arrives over HTTP at the listening
// cloud, which re-reads the payment before believing it.
let db: TestDatabase;
let cloud: TestCloud;
let fake: FakeMercadoPago;
let undo: () => void;
const SECRET = "secretodelwebhook123";
const f = new OpFactory();
const c = clinic();
const DEPOSIT = 5_000_00;
c.consulta.deposit = DEPOSIT;
c.rules.holdMinutes = 15;
const grant = allotment(c, "2026-03-03T03:00:00.000Z", "2026-03-04T03:00:00.000Z");
let shop: Awaited<ReturnType<typeof ownerWithStore>>;
let till: Awaited<ReturnType<typeof enrolledAppliance>>;

/** 10:00, 11:00, 14:00… in Buenos Aires on Tuesday 2026-03-03 (UTC−3). */
const at = (hour: number) => `2026-03-03T${String(hour + 3).padStart(2, "0")}:00:00.000Z`;

beforeAll(async () => {
  db = await createTestDatabase();
  cloud = await openTestCloud(db.sql);
  await cloud.app.listen({ port: 0, host: "127.0.0.1" });
  fake = await startFakeMercadoPago();
  undo = redirectMercadoPagoTo(fake.url);
  shop = await ownerWithStore(db.sql, cloud, "clinica-sena");
  till = await enrolledAppliance(cloud, shop.token, shop.storeId, "Recepción");
  const res = await cloud.app.inject({
    method: "PUT",
    url: "/v1/appliance/mercadopago/account",
    headers: bearer(till.token),
    payload: { accessToken: fake.accessToken, webhookSecret: SECRET },
  });
  expect(res.statusCode).toBe(200);
  const { port } = cloud.app.server.address() as AddressInfo;
  fake.notifyTo(
    `http://127.0.0.1:${port}${new URL(res.json<{ webhookUrl: string }>().webhookUrl).pathname}`,
    SECRET,
  );
  expect((await ingest(cloud, till.token, setupOps(f, c))).statusCode).toBe(200);
  expect(
    (await ingest(cloud, till.token, [f.op("turno_allotment", grant.id, "granted", grant)])).statusCode,
  ).toBe(200);
});
afterAll(async () => {
  undo();
  await fake.close();
  await cloud.close();
  await db.drop();
});

const api = (method: "GET" | "POST", url: string, payload?: object) =>
  cloud.app.inject({ method, url: `/v1/turnos/public/${url}`, ...(payload ? { payload } : {}) });
const book = async (start: string, name = "Ana Gómez") => {
  const res = await api("POST", `${shop.storeId}/bookings`, {
    serviceId: c.consulta.id,
    start,
    name,
    phone: "+54 9 11 5555-0000",
    email: "ana@example.com",
    optIn: true,
  });
  expect(res.statusCode).toBe(201);
  expectAnswer(OnlineBookedSchema, res, json(res));
  return json<OnlineBooked>(res);
};
const view = async (b: OnlineBooked) => {
  const res = await api("GET", `${shop.storeId}/bookings/${b.booking.id}?token=${b.manageToken}`);
  expect(res.statusCode).toBe(200);
  expectAnswer(OnlineBookingSchema, res, json(res));
  return json<OnlineBooking>(res);
};
const prefOf = (b: OnlineBooked) => new URL(b.booking.deposit.paymentUrl!).searchParams.get("pref_id")!;
const starts = async () =>
  json<{ slots: { start: string }[] }>(
    await api("GET", `${shop.storeId}/slots?serviceId=${c.consulta.id}&from=2026-03-03&to=2026-03-03`),
  ).slots.map((s) => s.start);
const shapeRows = async () =>
  (
    JSON.parse(
      (
        await cloud.app.inject({
          method: "GET",
          url: "/v1/shape?table=turno_bookings&offset=-1",
          headers: bearer(till.token),
        })
      ).body,
    ) as { value?: Record<string, string> }[]
  ).flatMap((m) => (m.value ? [m.value] : []));
const row = async (id: string) =>
  (
    await db.owner.query<{ state: string; deposit_status: string; deposit_paid: string; updated_at: Date }>(
      "SELECT state, deposit_status, deposit_paid, updated_at FROM turno_bookings WHERE id = $1",
      [id],
    )
  )[0]!;
const keysOf = async (id: string) =>
  (
    await db.owner.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM turno_online_keys WHERE booking_id = $1",
      [id],
    )
  )[0]!.n;
const logged = async (id: string) =>
  (await db.owner.query<{ n: number }>("SELECT count(*)::int AS n FROM shape_log WHERE pk = $1", [id]))[0]!.n;

describe("the online seña by a Mercado Pago payment link", () => {
  it("the page learns that the seña is paid online (MP connected)", async () => {
    const res = await api("GET", `${shop.storeId}/setup`);
    expectAnswer(OnlineSetupSchema, res, json(res));
    expect(json(res)).toMatchObject({ depositsOnline: true, services: [{ deposit: DEPOSIT }] });
  });

  it("holds the slot with a payment link; paying it books the turno and the seña goes down to the desk", async () => {
    // An endpoint that wants bookings (set up directly: registering one would resolve a real host).
    await db.owner.query(
      `INSERT INTO webhook_endpoints (id, tenant_id, url, events, secret_sealed, created_at, updated_at)
       VALUES (gen_random_uuid(), $1, 'https://hooks.example.com/turnos', '{booking.created}', 'sellado', now(), now())`,
      [shop.tenantId],
    );
    const b = await book(at(10));
    expect(b.booking).toMatchObject({
      state: "held",
      deposit: { amount: DEPOSIT, status: "pending", holdExpiresAt: "2026-03-02T12:15:00.000Z" },
    });
    expect(b.booking.deposit.paymentUrl).toMatch(/pref_id=/);
    // The slot is the patient's while they pay; the hold is not the desk's business yet.
    expect(await starts()).not.toContain(at(10));
    expect(await shapeRows()).toEqual([]);
    expect(await keysOf(b.booking.id)).toBe(8);
    // No reminders for a hold, and the tenant's webhooks hear of no booking yet.
    expect(
      await db.owner.query("SELECT 1 FROM messages WHERE source = $1", [`turno:${b.booking.id}`]),
    ).toEqual([]);
    const bookingEvents = () =>
      db.owner.query<{ type: string }>("SELECT type FROM webhook_events WHERE payload ->> 'bookingId' = $1", [
        b.booking.id,
      ]);
    expect(await bookingEvents()).toEqual([]);

    const { paymentId, delivery } = await fake.payPreference(prefOf(b));
    expect(delivery?.status).toBe(200);
    expect(await view(b)).toMatchObject({
      state: "booked",
      deposit: { amount: DEPOSIT, status: "paid", paymentUrl: null, holdExpiresAt: null },
    });
    expect(await shapeRows()).toMatchObject([
      {
        id: b.booking.id,
        state: "booked",
        deposit_paid: String(DEPOSIT),
        deposit_status: "paid",
        deposit_payment_id: paymentId,
      },
    ]);
    // The patient's confirmation says the seña is paid.
    const mails = await db.owner.query<{ body: string }>("SELECT body FROM messages WHERE dedupe_key = $1", [
      `turno:${b.booking.id}:deposit-paid`,
    ]);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body).toContain("Seña pagada: $ 5.000,00");
    // Its reminders are queued now that it is booked, and say so too.
    const reminders = await db.owner.query<{ body: string }>("SELECT body FROM messages WHERE source = $1", [
      `turno:${b.booking.id}`,
    ]);
    expect(reminders.length).toBeGreaterThan(0);
    for (const r of reminders) expect(r.body).toContain("Seña pagada: $ 5.000,00");
    // Booked now: booking.created goes out once.
    expect(await bookingEvents()).toEqual([{ type: "booking.created" }]);
  });

  it("a replayed or reordered payment webhook has no second effect", async () => {
    const b = await book(at(11));
    const { paymentId } = await fake.payPreference(prefOf(b));
    const before = { row: await row(b.booking.id), logged: await logged(b.booking.id) };
    cloud.clock.advance(60_000);
    expect((await fake.sendPaymentWebhook(paymentId))?.status).toBe(200);
    expect((await fake.sendPaymentWebhook(paymentId))?.status).toBe(200);
    expect(await row(b.booking.id)).toEqual(before.row);
    expect(await logged(b.booking.id)).toBe(before.logged);
    const mails = await db.owner.query("SELECT 1 FROM messages WHERE dedupe_key = $1", [
      `turno:${b.booking.id}:deposit-paid`,
    ]);
    expect(mails).toHaveLength(1);
  });

  it("a payment of another amount is not accepted: the booking stays held", async () => {
    const b = await book(at(12));
    const before = await snapshot(db.owner);
    const { delivery } = await fake.payPreference(prefOf(b), { amount: 1_00 });
    expect(delivery?.status).toBe(200);
    expect(await row(b.booking.id)).toMatchObject({ state: "held", deposit_status: "pending" });
    expect(await snapshot(db.owner)).toBe(before);
  });

  it("a webhook with a bad signature is refused and changes nothing", async () => {
    const b = await book(at(14));
    const { paymentId } = await fake.payPreference(prefOf(b), { amount: 2_00 });
    const before = await snapshot(db.owner);
    expect((await fake.sendPaymentWebhook(paymentId, { badSignature: true }))?.status).toBe(401);
    expect(await snapshot(db.owner)).toBe(before);
  });

  it("an unpaid hold expires and frees its slot; its late payment is owed back and never double-books", async () => {
    const late = await book(at(15));
    cloud.clock.advance(16 * 60_000);
    // Free again before any sweep ran; the patient's link says it lapsed.
    expect(await starts()).toContain(at(15));
    expect(await view(late)).toMatchObject({
      state: "cancelled",
      deposit: { status: "expired", paymentUrl: null },
    });
    // Someone else takes the slot (their booking releases the lapsed hold's keys first).
    const next = await book(at(15), "Beto");
    expect(await keysOf(late.booking.id)).toBe(0);
    expect(await keysOf(next.booking.id)).toBe(8);
    // The first patient pays the old link anyway: recorded as owed back, the slot stays Beto's.
    const { paymentId } = await fake.payPreference(prefOf(late));
    expect(await view(late)).toMatchObject({
      state: "cancelled",
      deposit: { amount: DEPOSIT, status: "refund_owed" },
    });
    expect(await keysOf(next.booking.id)).toBe(8);
    const [taken] = await db.owner.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM turno_bookings WHERE start_at = $1 AND state NOT IN ('cancelled')",
      [at(15)],
    );
    expect(taken!.n).toBe(1);
    // The desk hears of it (the shop owes the seña back), as a cancelled booking.
    expect((await shapeRows()).find((r) => r.id === late.booking.id)).toMatchObject({
      state: "cancelled",
      deposit_status: "refund_owed",
      deposit_payment_id: paymentId,
    });
  });

  it("the sweep cancels holds past their time; an expired hold never reaches the desk", async () => {
    const b = await book(at(16));
    cloud.clock.advance(16 * 60_000);
    await sweepHolds(db.sql, cloud.clock);
    expect(await row(b.booking.id)).toMatchObject({ state: "cancelled", deposit_status: "expired" });
    expect(await keysOf(b.booking.id)).toBe(0);
    expect((await shapeRows()).some((r) => r.id === b.booking.id)).toBe(false);
  });

  it("a patient cancelling a paid booking by the link: the seña is owed back, and the desk is told", async () => {
    const b = await book(at(17));
    await fake.payPreference(prefOf(b));
    const res = await api("POST", `${shop.storeId}/bookings/${b.booking.id}/cancel`, {
      token: b.manageToken,
    });
    expect(res.statusCode).toBe(200);
    expect(json<OnlineBooking>(res)).toMatchObject({
      state: "cancelled",
      deposit: { status: "refund_owed" },
    });
    expect((await shapeRows()).find((r) => r.id === b.booking.id)).toMatchObject({
      state: "cancelled",
      deposit_status: "refund_owed",
    });
  });

  it("the owner's agenda on the dashboard says which señas were paid and which are owed back", async () => {
    const res = await cloud.app.inject({
      method: "GET",
      url: `/v1/turnos/agenda?storeId=${shop.storeId}&from=2026-03-03&to=2026-03-03`,
      headers: bearer(shop.token),
    });
    expect(res.statusCode).toBe(200);
    const bookings = json<{
      bookings: { start: string; state: string; depositPaid: number; depositStatus: string }[];
    }>(res).bookings;
    expect(bookings.find((b) => b.start === at(10))).toMatchObject({
      depositPaid: DEPOSIT,
      depositStatus: "paid",
    });
    expect(bookings.find((b) => b.start === at(17))).toMatchObject({
      state: "cancelled",
      depositPaid: DEPOSIT,
      depositStatus: "refund_owed",
    });
  });

  it("a paid booking cancelled by a WhatsApp «cancelar» or at the desk: the seña is owed back", async () => {
    // 12:30 (the 12:00 hold of another amount expired long ago) and 17:30 (the 17:00 one was cancelled).
    const byAnswer = await book("2026-03-03T15:30:00.000Z");
    await fake.payPreference(prefOf(byAnswer));
    const outcome = await db.sql.withTenant(shop.tenantId, (q) =>
      applyAnswer(
        q,
        messagingModule.config,
        {
          bookingId: byAnswer.booking.id,
          start: byAnswer.booking.start,
          answer: "cancel",
          channel: "whatsapp",
          messageId: null,
        },
        cloud.clock.now(),
      ),
    );
    expect(outcome.outcome).toBe("cancelled");
    expect(await row(byAnswer.booking.id)).toMatchObject({
      state: "cancelled",
      deposit_status: "refund_owed",
    });

    const atDesk = await book("2026-03-03T20:30:00.000Z");
    await fake.payPreference(prefOf(atDesk));
    const cancel = {
      id: atDesk.booking.id,
      customerId: null,
      serviceId: c.consulta.id,
      professionalId: c.pro.id,
      resourceId: null,
      start: atDesk.booking.start,
      end: atDesk.booking.end,
      state: "cancelled" as const,
      holdExpiresAt: null,
      seriesId: null,
      origin: "online" as const,
      walkIn: false,
      price: 2_000_000,
      // An appliance that never heard of the seña says 0: the cloud's record stands.
      depositPaid: 0,
      arrivedAt: null,
      cancelledAt: cloud.clock.now().toISOString(),
      cancelledBy: null,
      updatedAt: cloud.clock.now().toISOString(),
    };
    expect(
      (await ingest(cloud, till.token, [f.op("turno_booking", atDesk.booking.id, "updated", cancel)]))
        .statusCode,
    ).toBe(200);
    expect(await row(atDesk.booking.id)).toMatchObject({
      state: "cancelled",
      deposit_status: "refund_owed",
    });
    expect(Number((await row(atDesk.booking.id)).deposit_paid)).toBe(DEPOSIT);
  });

  it("the dashboard's report counts what the desk has: no holds, no holds that expired unpaid", async () => {
    const res = await cloud.app.inject({
      method: "GET",
      url: `/v1/turnos/reports?storeId=${shop.storeId}&from=2026-03-03&to=2026-03-03`,
      headers: bearer(shop.token),
    });
    expect(res.statusCode).toBe(200);
    const report = json<{ cancellations: { total: number }; occupancy: { bookedMinutes: number }[] }>(res);
    // Cancelled after being paid: 17:00 by the link, 12:30 by WhatsApp, 17:30 at the desk, and the 15:00
    // hold paid late (owed back, it reached the desk). The holds that expired unpaid (12:00, 14:00, 15:00's
    // second patient, 16:00) are not the desk's.
    expect(report.cancellations.total).toBe(4);
    // Booked: 10:00 and 11:00 (paid), 30 minutes each.
    expect(report.occupancy.reduce((sum, o) => sum + o.bookedMinutes, 0)).toBe(60);
  });

  it("a hold may be let go by its link, not moved", async () => {
    const b = await book(at(9));
    const move = await api("POST", `${shop.storeId}/bookings/${b.booking.id}/move`, {
      token: b.manageToken,
      start: at(12),
    });
    expect(move.statusCode).toBe(409);
    expect(json<{ error: { code: string } }>(move).error.code).toBe("not_changeable");
    const cancel = await api("POST", `${shop.storeId}/bookings/${b.booking.id}/cancel`, {
      token: b.manageToken,
    });
    expect(json<OnlineBooking>(cancel)).toMatchObject({ state: "cancelled", deposit: { status: "expired" } });
    expect(await keysOf(b.booking.id)).toBe(0);
  });

  it("when MP cannot make the link, the hold is let go and the patient told, nothing kept", async () => {
    const keysBefore = await db.owner.query("SELECT * FROM turno_online_keys ORDER BY 1, 2, 3");
    fake.loseNextAnswer(5);
    const res = await api("POST", `${shop.storeId}/bookings`, {
      serviceId: c.consulta.id,
      start: at(9),
      name: "Caro",
      phone: "+54 9 11 5555-0001",
      optIn: false,
    });
    fake.loseNextAnswer(0);
    expect(res.statusCode).toBe(409);
    expect(json<{ error: { code: string; message: string } }>(res).error).toMatchObject({
      code: "deposit_link_failed",
      message: expect.stringContaining("el turno no quedó reservado") as string,
    });
    expect(await db.owner.query("SELECT * FROM turno_online_keys ORDER BY 1, 2, 3")).toEqual(keysBefore);
    expect(await starts()).toContain(at(9));
  });
});

describe("without Mercado Pago connected", () => {
  it("the seña is not asked online: the booking is booked at once, as before", async () => {
    const other = await ownerWithStore(db.sql, cloud, "sin-mp");
    const otherTill = await enrolledAppliance(cloud, other.token, other.storeId, "Otra");
    const c2 = clinic(" 2");
    c2.consulta.deposit = DEPOSIT;
    const f2 = new OpFactory();
    const g2 = allotment(c2, "2026-03-03T03:00:00.000Z", "2026-03-04T03:00:00.000Z");
    expect((await ingest(cloud, otherTill.token, setupOps(f2, c2))).statusCode).toBe(200);
    expect(
      (await ingest(cloud, otherTill.token, [f2.op("turno_allotment", g2.id, "granted", g2)])).statusCode,
    ).toBe(200);
    const setup = await api("GET", `${other.storeId}/setup`);
    expect(json(setup)).toMatchObject({ depositsOnline: false });
    const res = await api("POST", `${other.storeId}/bookings`, {
      serviceId: c2.consulta.id,
      start: at(10),
      name: "Dani",
      phone: "+54 9 11 5555-0002",
      optIn: false,
    });
    expect(res.statusCode).toBe(201);
    expect(json<OnlineBooked>(res).booking).toMatchObject({
      state: "booked",
      deposit: { amount: 0, status: "none", paymentUrl: null },
    });
  });
});
