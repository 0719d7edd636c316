import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { commitReturn } from "../pos/returns.js";
import { commitSale } from "../pos/sale.js";
import { type SaleFixture, seedSaleFixture } from "../pos/test-fixtures.js";
import { voidSale } from "../pos/voids.js";
import { changeState, createBooking } from "./bookings.js";
import { bookingCharge } from "./charges.js";
import { turnosReport } from "./reports.js";
import { type Clinic, MONDAY_8AM, seedClinic, seedPatient } from "./test-fixture.js";

let core: TestCore;
let clinic: Clinic;
let f: SaleFixture;

beforeEach(() => {
  core = openTestCore();
  core.clock.set(MONDAY_8AM);
  clinic = seedClinic(core);
  f = seedSaleFixture(core, createTerminal(core, { code: 1, name: "Caja 1" }));
});
afterEach(() => core.close());

/** A local Buenos Aires time "HH:MM" on a day of Nov 2026, as a UTC instant. */
const at = (hhmm: string, day = "2026-11-23") => {
  const [h, m] = hhmm.split(":").map(Number);
  return new Date(
    Date.parse(`${day}T00:00:00.000Z`) + ((h ?? 0) + 3) * 3_600_000 + (m ?? 0) * 60_000,
  ).toISOString();
};

function book(
  start: string,
  customerId: string | null,
  serviceId = clinic.consulta.id,
  pro = clinic.lopez.id,
) {
  return createBooking(core, null, { serviceId, professionalId: pro, start, customerId });
}

function charge(bookingId: string) {
  const c = bookingCharge(core.db, bookingId);
  return commitSale(core, f.cashier, {
    id: newId(),
    lines: [{ productId: c.productId, quantity: 1 }],
    bookingId,
    payments: [{ method: "cash", amount: c.price }],
  }).sale;
}

const week = { from: "2026-11-23", to: "2026-11-29" };

describe("turnos report", () => {
  it("occupancy per professional and day: booked minutes of the open ones (9–18 less a 1 h break = 480)", () => {
    book(at("10:00"), null);
    book(at("11:00"), null);
    const cancelled = book(at("12:00"), null);
    changeState(core, null, cancelled.id, "cancelled");
    book(at("10:00", "2026-11-24"), null, clinic.kinesio.id, clinic.perez.id);
    const r = turnosReport(core, week);
    const lopez = r.occupancy.filter((o) => o.professionalId === clinic.lopez.id);
    expect(lopez.map((o) => [o.day, o.openMinutes, o.bookedMinutes])).toEqual([
      ["2026-11-23", 480, 60],
      ["2026-11-24", 480, 0],
      ["2026-11-25", 480, 0],
      ["2026-11-26", 480, 0],
      ["2026-11-27", 480, 0],
    ]);
    expect(
      r.occupancy.find((o) => o.professionalId === clinic.perez.id && o.day === "2026-11-24"),
    ).toMatchObject({ bookedMinutes: 45 });
  });

  it("no-show rate over the bookings whose time has passed; a hold that expired is in no figure", () => {
    const a = book(at("10:00"), null);
    const b = book(at("11:00"), null);
    book(at("16:00"), null); // still to come at 12:00
    createBooking(core, null, {
      serviceId: clinic.consulta.id,
      professionalId: clinic.lopez.id,
      start: at("15:00"),
      hold: true,
    });
    core.clock.set(at("12:00"));
    changeState(core, null, a.id, "arrived");
    changeState(core, null, b.id, "no_show");
    const r = turnosReport(core, week);
    expect(r.noShows).toEqual({ past: 2, noShows: 1, rateBp: 5000 });
    expect(r.cancellations.total).toBe(0);
  });

  it("cancellations by notice: under 2 h, 2 to 24 h, over 24 h before the start", () => {
    const soon = book(at("11:00"), null);
    const today = book(at("17:00"), null);
    const later = book(at("10:00", "2026-11-26"), null);
    core.clock.set(at("10:00"));
    changeState(core, null, soon.id, "cancelled");
    changeState(core, null, today.id, "cancelled");
    changeState(core, null, later.id, "cancelled");
    expect(turnosReport(core, week).cancellations).toEqual({
      total: 3,
      byNotice: [
        { notice: "under2h", count: 1 },
        { notice: "from2to24h", count: 1 },
        { notice: "over24h", count: 1 },
      ],
    });
  });

  it("revenue per service and professional from the linked sales, less returns, voids left out", () => {
    const ana = seedPatient(core, "Ana");
    const a = book(at("10:00"), ana);
    const b = book(at("10:00"), ana, clinic.kinesio.id, clinic.perez.id);
    const c = book(at("11:00"), null, clinic.consulta.id, clinic.perez.id);
    charge(a.id);
    const kinesio = charge(b.id);
    const voided = charge(c.id);
    voidSale(core, f.manager, voided.id, { reason: "Error" });
    commitReturn(core, f.manager, kinesio.id, {
      id: newId(),
      lines: [{ saleLineId: kinesio.lines[0]!.id, quantity: 1 }],
      refunds: [{ method: "cash", amount: 1_500_000 }],
      reason: "Sesión no realizada",
    });
    const r = turnosReport(core, week);
    expect(r.revenue.total).toBe(2_000_000);
    expect(r.revenue.byService.map((s) => [s.name, s.count, s.total])).toEqual([
      ["Consulta", 1, 2_000_000],
      ["Kinesiología", 1, 0],
    ]);
    expect(r.revenue.byProfessional.map((s) => [s.name, s.total])).toEqual([
      ["Dra. López", 2_000_000],
      ["Dr. Pérez", 0],
    ]);
  });

  it("new vs returning patients: whether their first booking ever is before the range", () => {
    const old = seedPatient(core, "Vieja");
    const fresh = seedPatient(core, "Nueva");
    book(at("10:00"), old);
    book(at("10:00", "2026-12-01"), old);
    book(at("11:00", "2026-12-01"), fresh);
    expect(turnosReport(core, { from: "2026-11-30", to: "2026-12-06" }).patients).toEqual({
      new: 1,
      returning: 1,
    });
    expect(turnosReport(core, week).patients).toEqual({ new: 1, returning: 0 });
  });

  it("refuses an inverted range, one longer than 92 days and a day that does not exist", () => {
    expect(refusal(() => turnosReport(core, { from: "2026-11-29", to: "2026-11-23" })).code).toBe(
      "range_reversed",
    );
    expect(refusal(() => turnosReport(core, { from: "2026-01-01", to: "2026-04-03" })).code).toBe(
      "report_range_too_long",
    );
    expect(turnosReport(core, { from: "2026-01-01", to: "2026-04-02" }).from).toBe("2026-01-01");
    expect(refusal(() => turnosReport(core, { from: "2026-02-30", to: "2026-03-01" })).code).toBe(
      "invalid_day",
    );
  });
});
