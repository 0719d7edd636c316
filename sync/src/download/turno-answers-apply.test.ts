import type { ChangeMessage, Row } from "@electric-sql/client";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import {
  changeState,
  createBooking,
  getBooking,
  listBookings,
  moveBooking,
} from "@mostrador/desktop/turnos/bookings";
import { applyPatientAnswers } from "@mostrador/desktop/turnos/patient-answers";
import { type Clinic, MONDAY_8AM, seedClinic, seedPatient } from "@mostrador/desktop/turnos/test-fixture";
import { v7 as uuidv7 } from "uuid";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyTurnoAnswerMessages } from "./turno-answers-apply.js";

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

/** Tuesday 24 Nov 2026, 10:00 in Buenos Aires. */
const TUE_10 = "2026-11-24T13:00:00.000Z";
const pg = (iso: string) => iso.replace("T", " ").replace(".000Z", "+00");

/** A patient's answer as the cloud's turno_answers shape sends it (Postgres text values). */
const answerRow = (bookingId: string, answer: string, start: string, id = uuidv7()) =>
  ({
    key: id,
    value: {
      id,
      booking_id: bookingId,
      answer,
      channel: "whatsapp",
      booking_start: pg(start),
      origin: "desk",
      received_at: pg(core.clock.now().toISOString()),
    },
    headers: { operation: "insert" },
  }) as unknown as ChangeMessage<Row>;

const book = () =>
  createBooking(core, null, {
    serviceId: clinic.consulta.id,
    professionalId: clinic.lopez.id,
    start: TUE_10,
    customerId: patient,
  });

/** What the consumer does: store the batch (its transaction), then the module applies after commit. */
function deliver(...messages: ChangeMessage<Row>[]) {
  const ids = core.db.transaction(() => applyTurnoAnswerMessages(core, messages)).immediate();
  return { ids, applied: applyPatientAnswers(core) };
}

const outcomes = () =>
  core.db.prepare("SELECT answer, outcome, note FROM turno_patient_answers ORDER BY received_at, id").all();
const bookingOps = (id: string) =>
  core.db
    .prepare(
      "SELECT op, json_extract(payload, '$.state') AS state FROM outbox WHERE entity_id = ? ORDER BY seq",
    )
    .all(id);

describe("a patient's answer to the cloud's reminder, at the desk", () => {
  it("«confirmar» marks the booking confirmed with its outbox op, and the agenda says so; the same answer twice applies once", () => {
    const b = book();
    const row = answerRow(b.id, "confirm", TUE_10);
    expect(deliver(row, row)).toEqual({ ids: [b.id], applied: 1 });
    expect(deliver(row)).toEqual({ ids: [], applied: 0 });
    expect(getBooking(core.db, b.id).state).toBe("confirmed");
    expect(bookingOps(b.id)).toEqual([
      { op: "created", state: "booked" },
      { op: "updated", state: "confirmed" },
    ]);
    const [listed] = listBookings(core, "2026-11-24", "2026-11-24");
    expect(listed?.patientAnswer).toEqual({ answer: "confirm", channel: "whatsapp" });
  });

  it("«cancelar» cancels it and frees its slot", () => {
    const b = book();
    expect(deliver(answerRow(b.id, "cancel", TUE_10)).applied).toBe(1);
    expect(getBooking(core.db, b.id).state).toBe("cancelled");
    expect(core.db.prepare("SELECT count(*) AS n FROM turno_slots WHERE booking_id = ?").get(b.id)).toEqual({
      n: 0,
    });
    expect(bookingOps(b.id).at(-1)).toEqual({ op: "updated", state: "cancelled" });
  });

  it("an answer for a booking moved, cancelled or unknown here is ignored, says why, and changes nothing", () => {
    const moved = book();
    moveBooking(core, null, moved.id, { start: "2026-11-24T14:00:00.000Z" });
    const cancelled = createBooking(core, null, {
      serviceId: clinic.consulta.id,
      professionalId: clinic.perez.id,
      start: TUE_10,
      customerId: patient,
    });
    changeState(core, null, cancelled.id, "cancelled");
    const before = core.db.prepare("SELECT id, state, start_at FROM turno_bookings ORDER BY id").all();
    const opsBefore = core.db.prepare("SELECT count(*) AS n FROM outbox").get();
    const result = deliver(
      answerRow(moved.id, "confirm", TUE_10),
      answerRow(cancelled.id, "confirm", TUE_10),
      answerRow(uuidv7(), "cancel", TUE_10),
    );
    expect(result.applied).toBe(0);
    expect(outcomes()).toEqual([
      {
        answer: "confirm",
        outcome: "ignored",
        note: "El turno se movió: la respuesta era para el horario anterior",
      },
      { answer: "confirm", outcome: "ignored", note: "El turno ya estaba cancelado" },
      { answer: "cancel", outcome: "ignored", note: "El turno no existe en esta caja" },
    ]);
    expect(core.db.prepare("SELECT id, state, start_at FROM turno_bookings ORDER BY id").all()).toEqual(
      before,
    );
    expect(core.db.prepare("SELECT count(*) AS n FROM outbox").get()).toEqual(opsBefore);
  });

  it("a row this version cannot read is skipped, not stored", () => {
    const b = book();
    const bad = answerRow(b.id, "reprogramar", TUE_10);
    expect(deliver(bad)).toEqual({ ids: [], applied: 0 });
    expect(outcomes()).toEqual([]);
  });
});
