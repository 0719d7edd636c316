import { newId } from "@mostrador/kernel/db/ids";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { eraseCustomer } from "../customers/erase.js";
import { createBooking } from "./bookings.js";
import { coverageOf, setCoverage } from "./setup.js";
import { type Clinic, MONDAY_8AM, seedClinic, seedPatient } from "./test-fixture.js";
import { addEntry } from "./waitlist.js";

/** Tuesday 24 Nov 2026, 10:00 in Buenos Aires. */
const TUESDAY_10AM = "2026-11-24T13:00:00.000Z";

/**
 * Issue 14's delete on request, "everywhere it lives": what the turnos module keeps of a patient (their
 * coverage, the notes of their bookings and waitlist entries, an online booking's contact details, in
 * the tables and in the outbox) goes with the customer's erasure, in its transaction (migration 0044).
 */
describe("erasing a patient on request erases what turnos keeps of them", () => {
  let core: TestCore;
  let clinic: Clinic;
  let ana: string;
  let beto: string;
  let staffId: string;
  beforeEach(() => {
    core = openTestCore();
    core.clock.set(MONDAY_8AM);
    clinic = seedClinic(core);
    ana = seedPatient(core, "Ana Gómez");
    beto = seedPatient(core, "Beto Ruiz");
    staffId = newId();
    core.db
      .prepare(
        "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES (?, 'Recepción', 'manager', 'x', '', '')",
      )
      .run(staffId);
  });
  afterEach(() => core.close());

  const book = (customerId: string, start: string) =>
    createBooking(core, staffId, {
      serviceId: clinic.consulta.id,
      professionalId: clinic.lopez.id,
      start,
      customerId,
      notes: "Alergia a la penicilina",
    });
  const bookingRow = (id: string) =>
    core.db
      .prepare("SELECT notes, patient_name, patient_phone, patient_email FROM turno_bookings WHERE id = ?")
      .get(id);
  const outboxPatient = (bookingId: string) =>
    core.db
      .prepare(
        `SELECT json_extract(payload, '$.patientName') AS name, json_extract(payload, '$.patientPhone') AS phone,
                json_extract(payload, '$.patientEmail') AS email
           FROM outbox WHERE entity = 'turno_booking' AND entity_id = ? ORDER BY seq`,
      )
      .all(bookingId);

  it("deletes the coverage and blanks notes and contact details, in the tables and the outbox; others keep theirs", () => {
    for (const patient of [ana, beto]) {
      setCoverage(core, patient, { payer: "OSDE", plan: "210", memberNumber: "61-123456-7" });
    }
    const anas = book(ana, TUESDAY_10AM);
    const betos = book(beto, "2026-11-24T14:00:00.000Z");
    // Ana first booked online, before the desk linked her: who to expect, in the row and its payload.
    core.db
      .prepare(
        "UPDATE turno_bookings SET patient_name = 'Ana G.', patient_phone = '+5491155554444', patient_email = 'ana@example.com' WHERE id = ?",
      )
      .run(anas.id);
    core.db
      .prepare(
        `UPDATE outbox SET payload = json_set(payload, '$.patientName', 'Ana G.', '$.patientPhone', '+5491155554444',
           '$.patientEmail', 'ana@example.com') WHERE entity = 'turno_booking' AND entity_id = ?`,
      )
      .run(anas.id);
    for (const patient of [ana, beto]) {
      addEntry(
        core,
        { staffId },
        { customerId: patient, serviceId: clinic.consulta.id, notes: "Sólo por la tarde" },
      );
    }
    const waitlistNotes = () =>
      core.db.prepare("SELECT customer_id AS c, notes FROM turno_waitlist ORDER BY customer_id").all();

    eraseCustomer(core, ana, staffId);

    expect(coverageOf(core.db, ana)).toBeNull();
    expect(bookingRow(anas.id)).toEqual({
      notes: "",
      patient_name: null,
      patient_phone: null,
      patient_email: null,
    });
    expect(outboxPatient(anas.id)).toEqual([{ name: null, phone: null, email: null }]);
    // The booking itself stays (the agenda's history and its reports), naming the anonymous customer.
    expect(core.db.prepare("SELECT customer_id FROM turno_bookings WHERE id = ?").pluck().get(anas.id)).toBe(
      ana,
    );
    // Beto, not erased, keeps everything.
    expect(coverageOf(core.db, beto)).toMatchObject({ payer: "OSDE", memberNumber: "61-123456-7" });
    expect(bookingRow(betos.id)).toMatchObject({ notes: "Alergia a la penicilina" });
    expect(waitlistNotes()).toEqual(
      [
        { c: ana, notes: "" },
        { c: beto, notes: "Sólo por la tarde" },
      ].sort((x, y) => x.c.localeCompare(y.c)),
    );
  });
});
