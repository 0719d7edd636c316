import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { changeState, createBooking } from "./bookings.js";
import { type Clinic, MONDAY_8AM, seedClinic, seedPatient } from "./test-fixture.js";
import {
  addEntry,
  bookByPhone,
  getEntry,
  listEntries,
  matchesFor,
  offerSlot,
  removeEntry,
} from "./waitlist.js";

let core: TestCore;
let clinic: Clinic;
const desk = { staffId: null };

beforeEach(() => {
  core = openTestCore();
  core.clock.set(MONDAY_8AM);
  clinic = seedClinic(core);
});
afterEach(() => core.close());

/** A local Buenos Aires time (UTC−3) of a day, as a UTC instant. */
const at = (hhmm: string, day = "2026-11-24") => {
  const [h, m] = hhmm.split(":").map(Number);
  return new Date(
    Date.parse(`${day}T00:00:00.000Z`) + ((h ?? 0) + 3) * 3_600_000 + (m ?? 0) * 60_000,
  ).toISOString();
};

const patient = (name: string, phone: string | null = "+5491155550000") => {
  const id = seedPatient(core, name);
  core.db.prepare("UPDATE customers SET phone = ? WHERE id = ?").run(phone, id);
  return id;
};

const counts = () =>
  core.db
    .prepare(
      `SELECT (SELECT count(*) FROM turno_waitlist) AS entries, (SELECT count(*) FROM turno_waitlist_offers) AS offers,
        (SELECT count(*) FROM turno_allotments) AS allotments, (SELECT count(*) FROM turno_slots) AS slots,
        (SELECT count(*) FROM turno_bookings) AS bookings, (SELECT count(*) FROM outbox) AS outbox,
        (SELECT count(*) FROM audit_log) AS audit`,
    )
    .get();

const outboxOf = (entity: string) =>
  (
    core.db.prepare("SELECT op, payload FROM outbox WHERE entity = ? ORDER BY seq").all(entity) as {
      op: string;
      payload: string;
    }[]
  ).map((r) => ({ op: r.op, payload: JSON.parse(r.payload) as Record<string, unknown> }));

describe("the waitlist at the desk", () => {
  it("lists entries in order of arrival, each added with its outbox op and audit line", () => {
    const ana = patient("Ana");
    const beto = patient("Beto");
    const first = addEntry(core, desk, { customerId: ana, serviceId: clinic.consulta.id });
    core.clock.advance(60_000);
    const second = addEntry(core, desk, {
      customerId: beto,
      professionalId: clinic.perez.id,
      weekdays: [2, 4],
      fromMinute: 540,
      toMinute: 720,
    });
    expect(listEntries(core).map((e) => e.customerName)).toEqual(["Ana", "Beto"]);
    expect(first).toMatchObject({
      state: "waiting",
      professionalId: null,
      serviceName: "Consulta",
      fromDay: "2026-11-23",
    });
    expect(second).toMatchObject({ professionalName: "Dr. Pérez", serviceId: null, weekdays: [2, 4] });
    expect(outboxOf("turno_waitlist_entry").map((o) => [o.op, o.payload.id])).toEqual([
      ["created", first.id],
      ["created", second.id],
    ]);
    const actions = core.db.prepare("SELECT action FROM audit_log WHERE entity = 'turno_waitlist'").all();
    expect(actions).toEqual([{ action: "turnos.waitlist_added" }, { action: "turnos.waitlist_added" }]);
  });

  it("refuses bad entries with a clear Spanish error and changes nothing", () => {
    const ana = patient("Ana");
    addEntry(core, desk, { customerId: ana, serviceId: clinic.consulta.id });
    const before = counts();
    const cases: [Parameters<typeof addEntry>[2], string][] = [
      [
        { customerId: "019a0000-0000-7000-8000-00000000dead", serviceId: clinic.consulta.id },
        "customer_not_found",
      ],
      [{ customerId: ana }, "waitlist_what"],
      [{ customerId: ana, serviceId: "019a0000-0000-7000-8000-00000000beef" }, "service_not_found"],
      [
        { customerId: ana, serviceId: clinic.kinesio.id, professionalId: clinic.lopez.id },
        "service_not_given",
      ],
      [{ customerId: ana, serviceId: clinic.kinesio.id, fromMinute: 600 }, "time_window"],
      [{ customerId: ana, serviceId: clinic.kinesio.id, fromMinute: 600, toMinute: 540 }, "range_reversed"],
      [
        { customerId: ana, serviceId: clinic.kinesio.id, fromDay: "2026-12-10", toDay: "2026-12-01" },
        "range_reversed",
      ],
      [
        { customerId: ana, serviceId: clinic.kinesio.id, fromDay: "2026-11-01", toDay: "2026-11-20" },
        "in_the_past",
      ],
      [
        { customerId: ana, serviceId: clinic.kinesio.id, fromDay: "2026-11-23", toDay: "2028-01-01" },
        "wait_too_long",
      ],
      [{ customerId: ana, serviceId: clinic.consulta.id }, "already_waiting"],
    ];
    for (const [input, code] of cases) {
      const r = refusal(() => addEntry(core, desk, input));
      expect(r.code, code).toBe(code);
      expect(r.message).toMatch(/[a-záéíóú]/);
    }
    expect(counts()).toEqual(before);
    expect(refusal(() => removeEntry(core, desk, "019a0000-0000-7000-8000-00000000dead")).code).toBe(
      "waitlist_entry_not_found",
    );
    expect(counts()).toEqual(before);
  });

  it("a freed slot fits, in order, the entries for its professional or anyone, its service or any, their days and hours", () => {
    const ana = patient("Ana");
    const beto = patient("Beto");
    const carla = patient("Carla");
    const dario = patient("Darío");
    const eva = patient("Eva");
    addEntry(core, desk, { customerId: ana, serviceId: clinic.consulta.id }); // cualquiera
    core.clock.advance(1000);
    addEntry(core, desk, { customerId: beto, professionalId: clinic.perez.id }); // Pérez only
    core.clock.advance(1000);
    addEntry(core, desk, {
      customerId: carla,
      serviceId: clinic.consulta.id,
      professionalId: clinic.lopez.id,
    });
    core.clock.advance(1000);
    addEntry(core, desk, { customerId: dario, serviceId: clinic.consulta.id, weekdays: [3] }); // Wednesdays
    core.clock.advance(1000);
    addEntry(core, desk, { customerId: eva, serviceId: clinic.consulta.id, fromMinute: 900, toMinute: 1080 }); // 15–18
    const names = (professionalId: string, serviceId: string, start: string) =>
      matchesFor(core, { professionalId, serviceId, start }).map((e) => e.customerName);
    // Tuesday 10:00, consulta with López: Ana (anyone) and Carla (López); not Beto (Pérez), Darío, Eva.
    expect(names(clinic.lopez.id, clinic.consulta.id, at("10:00"))).toEqual(["Ana", "Carla"]);
    expect(names(clinic.perez.id, clinic.consulta.id, at("10:00"))).toEqual(["Ana", "Beto"]);
    expect(names(clinic.perez.id, clinic.kinesio.id, at("10:00"))).toEqual(["Beto"]);
    expect(names(clinic.lopez.id, clinic.consulta.id, at("10:00", "2026-11-25"))).toEqual([
      "Ana",
      "Carla",
      "Darío",
    ]);
    expect(names(clinic.lopez.id, clinic.consulta.id, at("16:00"))).toEqual(["Ana", "Carla", "Eva"]);
    // 17:45 + 30 min ends after 18:00: outside Eva's hours.
    expect(names(clinic.lopez.id, clinic.consulta.id, at("17:45"))).toEqual(["Ana", "Carla"]);
  });

  it("accepted by phone: the desk books the entry's patient and the entry is booked, in one transaction", () => {
    const ana = patient("Ana");
    const e = addEntry(core, desk, { customerId: ana, serviceId: clinic.consulta.id });
    const cancelled = createBooking(core, null, {
      serviceId: clinic.consulta.id,
      professionalId: clinic.lopez.id,
      start: at("10:00"),
      customerId: patient("Otro"),
    });
    changeState(core, null, cancelled.id, "cancelled");
    const { entry, booking } = bookByPhone(core, desk, e.id, {
      professionalId: clinic.lopez.id,
      serviceId: clinic.consulta.id,
      start: at("10:00"),
    });
    expect(booking).toMatchObject({ customerId: ana, state: "booked", start: at("10:00") });
    expect(entry).toMatchObject({ state: "booked", bookingId: booking.id, bookingStart: at("10:00") });
    expect(listEntries(core)).toEqual([]);
    expect(outboxOf("turno_waitlist_entry").at(-1)?.payload).toMatchObject({
      state: "booked",
      bookingId: booking.id,
    });
  });

  it("refuses a phone booking of a taken slot, a slot the patient does not want, or a closed entry; nothing changes", () => {
    const ana = patient("Ana");
    const e = addEntry(core, desk, {
      customerId: ana,
      serviceId: clinic.consulta.id,
      fromMinute: 540,
      toMinute: 720,
    });
    createBooking(core, null, {
      serviceId: clinic.consulta.id,
      professionalId: clinic.lopez.id,
      start: at("10:00"),
    });
    const before = counts();
    const slot = { professionalId: clinic.lopez.id, serviceId: clinic.consulta.id };
    expect(refusal(() => bookByPhone(core, desk, e.id, { ...slot, start: at("10:00") })).code).toBe(
      "slot_taken",
    );
    expect(refusal(() => bookByPhone(core, desk, e.id, { ...slot, start: at("16:00") })).code).toBe(
      "waitlist_no_fit",
    );
    expect(
      refusal(() =>
        bookByPhone(core, desk, "019a0000-0000-7000-8000-00000000dead", { ...slot, start: at("11:00") }),
      ).code,
    ).toBe("waitlist_entry_not_found");
    expect(counts()).toEqual(before);
    expect(getEntry(core.db, e.id).state).toBe("waiting");
    removeEntry(core, desk, e.id);
    const afterRemove = counts();
    expect(refusal(() => bookByPhone(core, desk, e.id, { ...slot, start: at("11:00") })).code).toBe(
      "waitlist_closed",
    );
    expect(counts()).toEqual(afterRemove);
  });

  it("offered by message: the slot becomes a waitlist allotment's keys and the cloud gets the reachable entries in order", () => {
    const ana = patient("Ana");
    const nophone = patient("Sin teléfono", null);
    const beto = patient("Beto");
    const a = addEntry(core, desk, { customerId: ana, serviceId: clinic.consulta.id });
    core.clock.advance(1000);
    addEntry(core, desk, { customerId: nophone, serviceId: clinic.consulta.id });
    core.clock.advance(1000);
    const b = addEntry(core, desk, { customerId: beto, professionalId: clinic.lopez.id });
    const slot = { professionalId: clinic.lopez.id, serviceId: clinic.consulta.id, start: at("10:00") };
    const offer = offerSlot(core, desk, slot);
    expect(offer).toMatchObject({ state: "open", minutes: 30, entryIds: [a.id, b.id], start: at("10:00") });
    expect(listEntries(core).map((e) => [e.customerName, e.state])).toEqual([
      ["Ana", "offered"],
      ["Sin teléfono", "waiting"],
      ["Beto", "offered"],
    ]);
    // The slot (30 min + 10 after: 8 units) is the allotment's: the desk cannot book it now.
    const keys = core.db
      .prepare("SELECT count(*) AS n FROM turno_slots WHERE allotment_id = ?")
      .get(offer.allotmentId);
    expect(keys).toEqual({ n: 8 });
    expect(refusal(() => createBooking(core, null, { ...slot, customerId: ana })).code).toBe("slot_allotted");
    const [granted] = outboxOf("turno_allotment");
    expect(granted?.payload).toMatchObject({ id: offer.allotmentId, purpose: "waitlist" });
    const [sent] = outboxOf("turno_waitlist_offer");
    expect(sent?.payload).toMatchObject({ id: offer.id, allotmentId: offer.allotmentId, minutes: 30 });
    expect((sent?.payload.entries as { entryId: string; phone: string }[]).map((e) => e.entryId)).toEqual([
      a.id,
      b.id,
    ]);
    // The grant goes up before the offer that names it.
    const seqs = core.db
      .prepare(
        "SELECT entity FROM outbox WHERE entity IN ('turno_allotment', 'turno_waitlist_offer') ORDER BY seq",
      )
      .all();
    expect(seqs).toEqual([{ entity: "turno_allotment" }, { entity: "turno_waitlist_offer" }]);
    // Not on the managers' "Turnos en línea" list.
    expect(core.db.prepare("SELECT purpose FROM turno_allotments").get()).toEqual({ purpose: "waitlist" });
  });

  it("refuses an offer nobody reachable wants, of a taken slot, or outside the rules; nothing changes", () => {
    const ana = patient("Ana");
    addEntry(core, desk, { customerId: ana, serviceId: clinic.kinesio.id });
    createBooking(core, null, {
      serviceId: clinic.consulta.id,
      professionalId: clinic.lopez.id,
      start: at("10:00"),
    });
    const before = counts();
    const lopez = { professionalId: clinic.lopez.id, serviceId: clinic.consulta.id };
    expect(refusal(() => offerSlot(core, desk, { ...lopez, start: at("11:00") })).code).toBe(
      "waitlist_nobody",
    );
    expect(refusal(() => offerSlot(core, desk, { ...lopez, start: at("10:00") })).code).toBe("slot_taken");
    expect(refusal(() => offerSlot(core, desk, { ...lopez, start: at("13:00") })).code).toBe("across_break");
    expect(refusal(() => offerSlot(core, desk, { ...lopez, start: at("10:00", "2026-11-20") })).code).toBe(
      "in_the_past",
    );
    expect(
      refusal(() =>
        offerSlot(core, desk, {
          ...lopez,
          professionalId: "019a0000-0000-7000-8000-00000000dead",
          start: at("11:00"),
        }),
      ).code,
    ).toBe("professional_not_found");
    expect(counts()).toEqual(before);
  });

  it("an entry whose last day passed is expired, with its op", () => {
    const ana = patient("Ana");
    const e = addEntry(core, desk, { customerId: ana, serviceId: clinic.consulta.id, toDay: "2026-11-24" });
    core.clock.set("2026-11-26T12:00:00.000Z");
    expect(listEntries(core)).toEqual([]);
    expect(getEntry(core.db, e.id).state).toBe("expired");
    expect(outboxOf("turno_waitlist_entry").at(-1)?.payload).toMatchObject({ id: e.id, state: "expired" });
  });
});
