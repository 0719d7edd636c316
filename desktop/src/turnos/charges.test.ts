import { syncPayloadErrors } from "@mostrador/contracts/sync/check-payload";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { buildReport } from "../cash/reports.js";
import { commitReturn } from "../pos/returns.js";
import { commitSale } from "../pos/sale.js";
import { type SaleFixture, seedSaleFixture, writeCounts } from "../pos/test-fixtures.js";
import { voidSale } from "../pos/voids.js";
import { changeState, createBooking, getBooking } from "./bookings.js";
import { bookingCharge } from "./charges.js";
import { setCoverage } from "./setup.js";
import { type Clinic, MONDAY_8AM, seedClinic, seedPatient } from "./test-fixture.js";

let core: TestCore;
let clinic: Clinic;
let patient: string;
let f: SaleFixture;

beforeEach(() => {
  core = openTestCore();
  core.clock.set(MONDAY_8AM);
  clinic = seedClinic(core);
  patient = seedPatient(core);
  f = seedSaleFixture(core, createTerminal(core, { code: 1, name: "Caja 1" }));
});
afterEach(() => core.close());

/** A consulta with Dra. López at 10:00 local on Monday 23 Nov 2026 ($20.000, seña $5.000 paid). */
function consulta(depositPaid = 500_000) {
  return createBooking(core, null, {
    serviceId: clinic.consulta.id,
    professionalId: clinic.lopez.id,
    customerId: patient,
    start: "2026-11-23T13:00:00.000Z",
    depositPaid,
  });
}

/** The sale the till sends for a booking: its service at full price, seña and obra social share, the rest cash. */
function chargeSale(bookingId: string, overrides: { deposit?: number; coverage?: number } = {}) {
  const c = bookingCharge(core.db, bookingId);
  const deposit = overrides.deposit ?? c.depositApplied;
  const coverage = overrides.coverage ?? c.coverageShare;
  const cash = c.price - deposit - coverage;
  return {
    id: newId(),
    lines: [{ productId: c.productId, quantity: 1 }],
    customerId: c.customerId,
    bookingId,
    payments: [
      ...(deposit > 0 ? [{ method: "deposit" as const, amount: deposit }] : []),
      ...(coverage > 0 ? [{ method: "coverage" as const, amount: coverage }] : []),
      ...(cash > 0 ? [{ method: "cash" as const, amount: cash }] : []),
    ],
  };
}

describe("a booking's charge at the till", () => {
  it("without coverage: the full price is due, less the seña paid", () => {
    const c = bookingCharge(core.db, consulta().id);
    expect([c.price, c.depositApplied, c.coverageShare, c.amountDue]).toEqual([
      2_000_000, 500_000, 0, 1_500_000,
    ]);
  });

  it("a covered patient pays the copay; the obra social owes the rest; the seña covers at most the copay", () => {
    const b = consulta();
    setCoverage(core, patient, { payer: "osde", plan: "310", memberNumber: "123" });
    const c = bookingCharge(core.db, b.id);
    expect([c.copay, c.coverageShare, c.depositApplied, c.amountDue, c.coverage?.plan]).toEqual([
      300_000,
      1_700_000,
      300_000,
      0,
      "310",
    ]);
  });

  it("the sale carries the booking at full price (no discount): the booking is done and the charge recorded", () => {
    const b = consulta();
    changeState(core, null, b.id, "arrived");
    const { sale } = commitSale(core, f.cashier, chargeSale(b.id));
    expect([sale.total, sale.lineDiscountTotal, sale.bookingId]).toEqual([2_000_000, 0, b.id]);
    expect(sale.payments.map((p) => [p.method, p.amount])).toEqual([
      ["deposit", 500_000],
      ["cash", 1_500_000],
    ]);
    expect(getBooking(core.db, b.id).state).toBe("done");
    // The sale's op up to the cloud names the booking.
    const op = core.db
      .prepare("SELECT payload FROM outbox WHERE entity = 'sale' AND entity_id = ?")
      .get(sale.id) as { payload: string };
    expect(JSON.parse(op.payload).bookingId).toBe(b.id);
    // Every row the charge enqueued (the sale, the booking done) is what the cloud's ingest accepts.
    const rows = core.db
      .prepare("SELECT entity, op, payload FROM outbox WHERE entity IN ('sale', 'turno_booking')")
      .all() as { entity: string; op: string; payload: string }[];
    expect(rows.flatMap((r) => syncPayloadErrors(r.entity, r.op, JSON.parse(r.payload)))).toEqual([]);
  });

  it("a covered patient's sale records what the obra social owes; the Z report shows señas and coverage apart", () => {
    const b = consulta();
    setCoverage(core, patient, { payer: "OSDE", plan: "310", memberNumber: "123" });
    const { sale } = commitSale(core, f.cashier, chargeSale(b.id));
    expect(sale.payments.map((p) => [p.method, p.amount])).toEqual([
      ["deposit", 300_000],
      ["coverage", 1_700_000],
    ]);
    const z = buildReport(core, f.sessionId);
    expect(z.bookings).toEqual({
      count: 1,
      deposits: 300_000,
      coverage: [{ payer: "OSDE", count: 1, total: 1_700_000 }],
    });
    expect(z.byMethod.find((m) => m.method === "coverage")?.sales).toBe(1_700_000);
    // Neither a seña paid before nor the obra social's share is in this drawer.
    expect(z.expectedCash).toBe(buildReport(core, f.sessionId).openingFloat);
  });

  it("a booked patient who was never checked in is marked arrived and done by the charge", () => {
    const b = consulta(0);
    commitSale(core, f.cashier, chargeSale(b.id));
    const after = getBooking(core.db, b.id);
    expect([after.state, after.arrivedAt !== null]).toEqual(["done", true]);
  });

  it("charging twice is refused and changes nothing", () => {
    const b = consulta();
    const body = chargeSale(b.id);
    commitSale(core, f.cashier, body);
    const before = writeCounts(core);
    const r = refusal(() => commitSale(core, f.cashier, { ...body, id: newId() }));
    expect([r.code, r.message]).toEqual(["booking_already_charged", "Este turno ya se cobró"]);
    expect(writeCounts(core)).toEqual(before);
    expect(refusal(() => bookingCharge(core.db, b.id)).code).toBe("booking_already_charged");
  });

  it("a cancelled, no-show or held booking is not charged", () => {
    const b = consulta();
    changeState(core, null, b.id, "cancelled");
    expect(refusal(() => bookingCharge(core.db, b.id)).message).toBe("Un turno cancelado no se cobra");
    const before = writeCounts(core);
    const r = refusal(() =>
      commitSale(core, f.cashier, {
        id: newId(),
        lines: [{ productId: clinic.consulta.productId, quantity: 1 }],
        payments: [{ method: "cash", amount: 2_000_000 }],
        bookingId: b.id,
      }),
    );
    expect(r.code).toBe("booking_not_chargeable");
    expect(writeCounts(core)).toEqual(before);
    expect(getBooking(core.db, b.id).state).toBe("cancelled");
  });

  it("a seña or obra social share other than the booking's is refused, and so is a seña without a booking", () => {
    const b = consulta();
    const before = writeCounts(core);
    expect(refusal(() => commitSale(core, f.cashier, chargeSale(b.id, { deposit: 400_000 }))).message).toBe(
      "La seña ya pagada de este turno es $ 5.000,00",
    );
    expect(refusal(() => commitSale(core, f.cashier, chargeSale(b.id, { coverage: 100_000 }))).code).toBe(
      "booking_coverage_mismatch",
    );
    const noBooking = { ...chargeSale(b.id), bookingId: null };
    expect(refusal(() => commitSale(core, f.cashier, noBooking)).message).toBe(
      "La seña y la parte de la obra social solo se usan al cobrar un turno",
    );
    const noService = {
      ...chargeSale(b.id),
      lines: [{ productId: f.products.yerba.id, quantity: 1 }],
      payments: [{ method: "deposit" as const, amount: 480_000 }],
    };
    expect(refusal(() => commitSale(core, f.cashier, noService)).code).toBe("booking_service_missing");
    expect(writeCounts(core)).toEqual(before);
    expect(getBooking(core.db, b.id).state).toBe("booked");
  });

  it("a void un-charges the booking: back in the waiting room, to be charged again", () => {
    const b = consulta();
    const { sale } = commitSale(core, f.cashier, chargeSale(b.id));
    voidSale(core, f.manager, sale.id, { reason: "Cobrado al paciente equivocado" });
    expect(getBooking(core.db, b.id).state).toBe("arrived");
    expect(buildReport(core, f.sessionId).bookings?.count).toBe(0);
    commitSale(core, f.cashier, chargeSale(b.id));
    expect(getBooking(core.db, b.id).state).toBe("done");
  });

  it("a return gives back to the seña and the obra social at most what they settled; the booking stays done", () => {
    const b = consulta();
    setCoverage(core, patient, { payer: "OSDE" });
    const { sale } = commitSale(core, f.cashier, chargeSale(b.id));
    const line = sale.lines[0]!;
    const r = refusal(() =>
      commitReturn(core, f.manager, sale.id, {
        id: newId(),
        lines: [{ saleLineId: line.id, quantity: 1 }],
        refunds: [{ method: "coverage", amount: 2_000_000 }],
        reason: "No se atendió",
      }),
    );
    expect(r.code).toBe("card_refund_exceeds_paid");
    const ret = commitReturn(core, f.manager, sale.id, {
      id: newId(),
      lines: [{ saleLineId: line.id, quantity: 1 }],
      refunds: [
        { method: "deposit", amount: 300_000 },
        { method: "coverage", amount: 1_700_000 },
      ],
      reason: "La obra social rechazó la orden",
    });
    expect(ret.saleReturn.total).toBe(2_000_000);
    expect(getBooking(core.db, b.id).state).toBe("done");
  });
});
