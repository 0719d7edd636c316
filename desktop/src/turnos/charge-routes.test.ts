import { SaleSchema } from "@mostrador/contracts/http/sales";
import { TurnosReportSchema } from "@mostrador/contracts/http/turnos";
import { newId } from "@mostrador/kernel/db/ids";
import { Value } from "@sinclair/typebox/value";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { openCashSessionRow } from "../pos/test-fixtures.js";
import { type Clinic, MONDAY_8AM, seedClinic, seedPatient } from "./test-fixture.js";

let t: TestApi;
let clinic: Clinic;
let cashier: Record<string, string>;
let manager: Record<string, string>;

beforeEach(async () => {
  t = await openTestApi();
  t.core.clock.set(MONDAY_8AM);
  clinic = seedClinic(t.core);
  cashier = bearer(t.tokenFor("cashier"));
  manager = bearer(t.tokenFor("manager"));
  const staffId = (t.core.db.prepare("SELECT id FROM staff LIMIT 1").get() as { id: string }).id;
  openCashSessionRow(t.core, t.terminal.id, staffId);
});
afterEach(async () => t.close());

const TEN_AM = "2026-11-23T13:00:00.000Z";
const counts = () =>
  t.core.db
    .prepare(
      `SELECT (SELECT count(*) FROM sales) AS sales, (SELECT count(*) FROM turno_booking_charges) AS charges,
              (SELECT count(*) FROM outbox) AS outbox`,
    )
    .get();

async function bookedWithSena(): Promise<string> {
  const r = await t.app.inject({
    method: "POST",
    url: "/api/turnos/bookings",
    headers: cashier,
    payload: {
      serviceId: clinic.consulta.id,
      professionalId: clinic.lopez.id,
      start: TEN_AM,
      customerId: seedPatient(t.core),
      depositPaid: 500_000,
    },
  });
  return (r.json() as { id: string }).id;
}

const saleFor = (bookingId: string) => ({
  id: newId(),
  lines: [{ productId: clinic.consulta.productId, quantity: 1 }],
  bookingId,
  payments: [
    { method: "deposit", amount: 500_000 },
    { method: "cash", amount: 1_500_000 },
  ],
});

describe("charging a turno over HTTP", () => {
  it("a cashier charges the full price with the seña, no manager PIN; a second charge is a clear 409", async () => {
    const bookingId = await bookedWithSena();
    const first = await t.app.inject({
      method: "POST",
      url: "/api/sales",
      headers: cashier,
      payload: saleFor(bookingId),
    });
    expect(first.statusCode).toBe(201);
    expect(Value.Check(SaleSchema, first.json())).toBe(true);
    expect(first.json()).toMatchObject({ bookingId, total: 2_000_000, lineDiscountTotal: 0 });
    const before = counts();
    const again = await t.app.inject({
      method: "POST",
      url: "/api/sales",
      headers: cashier,
      payload: saleFor(bookingId),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      error: { code: "booking_already_charged", message: "Este turno ya se cobró" },
    });
    expect(counts()).toEqual(before);
    const charge = await t.app.inject({
      method: "GET",
      url: `/api/turnos/bookings/${bookingId}/charge`,
      headers: cashier,
    });
    expect(charge.statusCode).toBe(409);
  });

  it("a cancelled booking is refused, and so is a cashier picking 'Seña' on an ordinary sale", async () => {
    const bookingId = await bookedWithSena();
    await t.app.inject({ method: "POST", url: `/api/turnos/bookings/${bookingId}/cancel`, headers: cashier });
    const before = counts();
    const cancelled = await t.app.inject({
      method: "POST",
      url: "/api/sales",
      headers: cashier,
      payload: saleFor(bookingId),
    });
    expect(cancelled.statusCode).toBe(409);
    expect(cancelled.json()).toMatchObject({
      error: { code: "booking_not_chargeable", message: "Un turno cancelado no se cobra" },
    });
    const { bookingId: _, ...plain } = saleFor(bookingId);
    const noBooking = await t.app.inject({
      method: "POST",
      url: "/api/sales",
      headers: cashier,
      payload: plain,
    });
    expect(noBooking.statusCode).toBe(400);
    expect(counts()).toEqual(before);
  });
});

describe("GET /api/turnos/reports", () => {
  it("answers managers in the contract's shape, with the charged turno's revenue", async () => {
    const bookingId = await bookedWithSena();
    await t.app.inject({ method: "POST", url: "/api/sales", headers: cashier, payload: saleFor(bookingId) });
    const r = await t.app.inject({
      method: "GET",
      url: "/api/turnos/reports?from=2026-11-23&to=2026-11-29",
      headers: manager,
    });
    expect(r.statusCode).toBe(200);
    expect(Value.Check(TurnosReportSchema, r.json())).toBe(true);
    expect(r.json()).toMatchObject({
      revenue: { total: 2_000_000, byService: [{ name: "Consulta", count: 1, total: 2_000_000 }] },
    });
  });

  it("refuses cashiers, an inverted range, one too long and a day that does not exist", async () => {
    const ask = (q: string, headers = manager) =>
      t.app.inject({ method: "GET", url: `/api/turnos/reports?${q}`, headers });
    expect((await ask("from=2026-11-23&to=2026-11-29", cashier)).statusCode).toBe(403);
    const reversed = await ask("from=2026-11-29&to=2026-11-23");
    expect([reversed.statusCode, reversed.json().error.message]).toEqual([
      400,
      "La fecha final es anterior a la inicial",
    ]);
    const long = await ask("from=2026-01-01&to=2026-12-31");
    expect([long.statusCode, long.json().error.message]).toEqual([
      400,
      "El informe abarca hasta 92 días por vez",
    ]);
    expect((await ask("from=2026-02-30&to=2026-03-01")).statusCode).toBe(400);
    expect((await ask("from=ayer&to=2026-03-01")).statusCode).toBe(400);
  });
});
