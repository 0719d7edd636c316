import type { BookingInput } from "@mostrador/contracts/http/turnos";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { availability } from "./availability.js";
import {
  bookingHistory,
  changeState,
  createBooking,
  createSeries,
  getBooking,
  moveBooking,
  walkIn,
} from "./bookings.js";
import { addException } from "./setup.js";
import { type Clinic, MONDAY_8AM, seedClinic, seedPatient } from "./test-fixture.js";

let core: TestCore;
let clinic: Clinic;
let patient: string;

beforeEach(() => {
  core = openTestCore();
  core.clock.set(MONDAY_8AM);
  clinic = seedClinic(core);
  patient = seedPatient(core);
});
afterEach(() => core.close());

/** Monday 23 Nov 2026 at a local Buenos Aires time "HH:MM", as a UTC instant. */
const at = (hhmm: string, day = "2026-11-23") => {
  const [h, m] = hhmm.split(":").map(Number);
  return new Date(
    Date.parse(`${day}T00:00:00.000Z`) + ((h ?? 0) + 3) * 3_600_000 + (m ?? 0) * 60_000,
  ).toISOString();
};

const consultaWithLopez = (start: string, extra: Partial<BookingInput> = {}): BookingInput => ({
  serviceId: clinic.consulta.id,
  professionalId: clinic.lopez.id,
  start,
  customerId: patient,
  ...extra,
});

/** Rows that any booking write touches: a refusal must leave every count as it was. */
const counts = () =>
  core.db
    .prepare(
      `SELECT (SELECT count(*) FROM turno_bookings) AS bookings, (SELECT count(*) FROM turno_slots) AS slots,
        (SELECT count(*) FROM turno_booking_history) AS history, (SELECT count(*) FROM outbox) AS outbox`,
    )
    .get();

describe("booking refusals change nothing", () => {
  const cases: [string, () => BookingInput, string, string][] = [
    [
      "outside working hours",
      () => consultaWithLopez(at("19:00")),
      "outside_hours",
      "Fuera del horario de atención de Dra. López",
    ],
    ["in the past", () => consultaWithLopez(at("07:00")), "in_the_past", "Ese horario ya pasó"],
    [
      "within the minimum notice",
      () => consultaWithLopez(at("08:30")),
      "too_soon",
      "Los turnos se dan con al menos 60 minutos de anticipación",
    ],
    [
      "across a break",
      () => consultaWithLopez(at("12:45")),
      "across_break",
      "El turno cruza una pausa del profesional",
    ],
    [
      "a service the professional does not give",
      () => ({ ...consultaWithLopez(at("10:00")), serviceId: clinic.kinesio.id }),
      "service_not_given",
      "Dra. López no da el servicio «Kinesiología»",
    ],
    [
      "beyond the horizon",
      () => consultaWithLopez(at("10:00", "2027-02-01")),
      "beyond_horizon",
      "Se dan turnos hasta 60 días adelante",
    ],
    [
      "off the 5-minute grid",
      () => consultaWithLopez(at("10:02")),
      "not_on_grid",
      "El horario debe caer en múltiplos de 5 minutos",
    ],
    [
      "an unknown patient",
      () => consultaWithLopez(at("10:00"), { customerId: "nope" }),
      "customer_not_found",
      "El paciente no existe",
    ],
    [
      "a deposit above the price",
      () => consultaWithLopez(at("10:00"), { depositPaid: 3_000_000 }),
      "deposit_above_price",
      "La seña no puede superar el precio del servicio",
    ],
  ];
  for (const [name, input, code, message] of cases)
    it(`refuses a booking ${name}`, () => {
      const before = counts();
      const r = refusal(() => createBooking(core, null, input()));
      expect([r.code, r.message]).toEqual([code, message]);
      expect(counts()).toEqual(before);
    });

  it("refuses a day off", () => {
    addException(core, {
      professionalId: clinic.lopez.id,
      day: "2026-11-23",
      kind: "closed",
      startMinute: null,
      endMinute: null,
    });
    const before = counts();
    expect(refusal(() => createBooking(core, null, consultaWithLopez(at("10:00")))).message).toBe(
      "Dra. López no atiende ese día",
    );
    expect(counts()).toEqual(before);
  });

  it('answers a taken slot with "Ya no está disponible" and the next free slots', () => {
    createBooking(core, null, consultaWithLopez(at("10:00")));
    const before = counts();
    const r = refusal(() => createBooking(core, null, consultaWithLopez(at("10:15"))));
    expect([r.kind, r.code, r.message]).toEqual(["conflict", "slot_taken", "Ya no está disponible"]);
    const next = (r.details?.nextFree as { start: string }[]).map((s) => s.start);
    expect(next).toEqual([at("10:45"), at("11:00"), at("11:15"), at("11:30"), at("11:45")]);
    expect(counts()).toEqual(before);
  });

  it("refuses a slot someone holds, and frees it when the hold expires", () => {
    const hold = createBooking(core, null, consultaWithLopez(at("10:00"), { hold: true }));
    expect(hold.state).toBe("held");
    const r = refusal(() => createBooking(core, null, consultaWithLopez(at("10:00"))));
    expect([r.code, r.message]).toEqual([
      "slot_held",
      "Ya no está disponible: otra persona lo está reservando",
    ]);
    core.clock.advance(5 * 60_000);
    const taken = createBooking(core, null, consultaWithLopez(at("10:00")));
    expect(taken.state).toBe("booked");
    expect(getBooking(core.db, hold.id).state).toBe("cancelled");
    expect(refusal(() => changeState(core, null, hold.id, "booked")).code).toBe("invalid_transition");
  });
});

describe("bookings", () => {
  it("goes booked → confirmed → arrived → done, and the cloud learns each step", () => {
    const b = createBooking(core, null, consultaWithLopez(at("10:00")));
    changeState(core, null, b.id, "confirmed");
    const arrived = changeState(core, null, b.id, "arrived");
    expect(arrived.arrivedAt).toBe(MONDAY_8AM);
    expect(changeState(core, null, b.id, "done").state).toBe("done");
    const ops = core.db.prepare("SELECT op FROM outbox WHERE entity = 'turno_booking' ORDER BY seq").all();
    expect(ops).toEqual([{ op: "created" }, { op: "updated" }, { op: "updated" }, { op: "updated" }]);
    const r = refusal(() => changeState(core, null, b.id, "arrived"));
    expect(r.message).toBe("Un turno atendido no puede pasar a en sala de espera");
  });

  it("a hold reaches the cloud only once it is booked", () => {
    const hold = createBooking(core, null, consultaWithLopez(at("10:00"), { hold: true }));
    expect(core.db.prepare("SELECT count(*) AS n FROM outbox WHERE entity = 'turno_booking'").get()).toEqual({
      n: 0,
    });
    changeState(core, null, hold.id, "booked", { customerId: patient });
    expect(core.db.prepare("SELECT op FROM outbox WHERE entity = 'turno_booking'").all()).toEqual([
      { op: "created" },
    ]);
  });

  it("marks a no-show only once its time has come", () => {
    const b = createBooking(core, null, consultaWithLopez(at("10:00")));
    expect(refusal(() => changeState(core, null, b.id, "no_show")).message).toBe(
      "Todavía no es la hora del turno",
    );
    core.clock.set(at("10:20"));
    expect(changeState(core, null, b.id, "no_show").state).toBe("no_show");
  });

  it("a cancelled booking frees its slot and says who cancelled and when", () => {
    const staff = core.db.prepare("SELECT id FROM staff LIMIT 1").get() as { id: string } | undefined;
    const b = createBooking(core, null, consultaWithLopez(at("10:00")));
    const cancelled = changeState(core, staff?.id ?? null, b.id, "cancelled");
    expect([cancelled.cancelledAt, cancelled.cancelledBy]).toEqual([MONDAY_8AM, staff?.id ?? null]);
    expect(createBooking(core, null, consultaWithLopez(at("10:00"))).state).toBe("booked");
  });

  it("moves a booking, keeps its history, and frees the old place", () => {
    const b = createBooking(core, null, consultaWithLopez(at("10:00")));
    const moved = moveBooking(core, null, b.id, { start: at("15:00"), professionalId: clinic.perez.id });
    expect([moved.start, moved.professionalName]).toEqual([at("15:00"), "Dr. Pérez"]);
    expect(bookingHistory(core.db, b.id).map((h) => [h.action, h.start])).toEqual([
      ["booked", at("10:00")],
      ["moved", at("15:00")],
    ]);
    expect(createBooking(core, null, consultaWithLopez(at("10:00"))).state).toBe("booked");
  });

  it("a move onto a taken place is refused and the booking stays where it was", () => {
    const a = createBooking(core, null, consultaWithLopez(at("10:00")));
    const b = createBooking(core, null, consultaWithLopez(at("11:00")));
    const before = counts();
    expect(refusal(() => moveBooking(core, null, b.id, { start: at("10:15") })).code).toBe("slot_taken");
    expect(getBooking(core.db, b.id).start).toBe(at("11:00"));
    expect(counts()).toEqual(before);
    expect(getBooking(core.db, a.id).start).toBe(at("10:00"));
  });

  it('"cualquiera" books the next professional when the first is taken', () => {
    const first = createBooking(core, null, { ...consultaWithLopez(at("10:00")), professionalId: undefined });
    const second = createBooking(core, null, {
      ...consultaWithLopez(at("10:00")),
      professionalId: undefined,
    });
    expect(new Set([first.professionalId, second.professionalId])).toEqual(
      new Set([clinic.lopez.id, clinic.perez.id]),
    );
    const r = refusal(() =>
      createBooking(core, null, { ...consultaWithLopez(at("10:00")), professionalId: undefined }),
    );
    expect(r.message).toBe("Ya no está disponible");
  });

  it("books a weekly series and reports the occurrences that failed", () => {
    addException(core, {
      professionalId: null,
      day: "2026-12-07",
      kind: "closed",
      startMinute: null,
      endMinute: null,
    });
    const series = createSeries(core, null, {
      serviceId: clinic.kinesio.id,
      professionalId: clinic.perez.id,
      start: at("10:00"),
      customerId: patient,
      count: 4,
    });
    expect(series.booked.map((b) => b.start)).toEqual([
      at("10:00"),
      at("10:00", "2026-11-30"),
      at("10:00", "2026-12-14"),
    ]);
    expect(series.failed).toEqual([
      { start: at("10:00", "2026-12-07"), code: "day_closed", message: "Dr. Pérez no atiende ese día" },
    ]);
    expect(new Set(series.booked.map((b) => b.seriesId))).toEqual(new Set([series.seriesId]));
  });

  it("a walk-in starts now, already arrived, without minimum notice", () => {
    core.clock.set(at("09:07"));
    const b = walkIn(core, null, {
      serviceId: clinic.consulta.id,
      professionalId: clinic.lopez.id,
      customerId: patient,
    });
    expect([b.start, b.state, b.walkIn]).toEqual([at("09:05"), "arrived", true]);
  });

  it("the service's resource is taken with the booking: a second booking needing it waits", () => {
    core.db
      .prepare("INSERT INTO turno_resources (id, name, created_at, updated_at) VALUES ('r1', 'Box 1', ?, ?)")
      .run(MONDAY_8AM, MONDAY_8AM);
    core.db
      .prepare("INSERT INTO turno_service_resources (service_id, resource_id) VALUES (?, 'r1')")
      .run(clinic.consulta.id);
    createBooking(core, null, consultaWithLopez(at("10:00")));
    const r = refusal(() =>
      createBooking(core, null, { ...consultaWithLopez(at("10:00")), professionalId: clinic.perez.id }),
    );
    expect(r.message).toBe("Ya no está disponible");
    const free = availability(core, {
      serviceId: clinic.consulta.id,
      professionalId: clinic.perez.id,
      from: "2026-11-23",
      to: "2026-11-23",
    });
    expect(free.some((s) => s.start === at("10:00"))).toBe(false);
  });
});

describe("the keyed slots", () => {
  it("refuse a second claim on a unit at the database itself, whatever the code above checked", () => {
    const b = createBooking(core, null, consultaWithLopez(at("10:00")));
    const unit = Date.parse(at("10:00")) / 300_000;
    const other = core.db.prepare("INSERT INTO turno_slots (owner_id, unit, booking_id) VALUES (?, ?, ?)");
    expect(() => other.run(clinic.lopez.id, unit, b.id)).toThrow(/UNIQUE constraint failed/);
  });
});

describe("the desks hear of every change", () => {
  it("announces turnos.changed after a booking, a move and a state change commit, never for a refusal", () => {
    const heard: string[][] = [];
    core.bus.on("turnos.changed", (e) => heard.push(e.bookingIds));
    const b = createBooking(core, null, consultaWithLopez(at("10:00")));
    refusal(() => createBooking(core, null, consultaWithLopez(at("10:00"))));
    moveBooking(core, null, b.id, { start: at("11:00") });
    changeState(core, null, b.id, "arrived");
    expect(heard).toEqual([[b.id], [b.id], [b.id]]);
  });
});
