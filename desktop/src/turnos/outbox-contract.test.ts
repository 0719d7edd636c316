import { syncPayloadErrors } from "@mostrador/contracts/sync/check-payload";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { changeState, createBooking, moveBooking } from "./bookings.js";
import { grantAllotment, reclaimAllotment } from "./allotments.js";
import { addException, deleteException, setRules, updateProfessional } from "./setup.js";
import { type Clinic, MONDAY_8AM, seedClinic, seedPatient, WEEKDAY_HOURS } from "./test-fixture.js";

let core: TestCore;
let clinic: Clinic;
beforeEach(() => {
  core = openTestCore();
  core.clock.set(MONDAY_8AM);
  clinic = seedClinic(core);
});
afterEach(() => core.close());

it("every turnos outbox row is what the cloud's ingest accepts (the sync operation map's schemas)", () => {
  const b = createBooking(core, null, {
    serviceId: clinic.consulta.id,
    professionalId: clinic.lopez.id,
    start: "2026-11-23T13:00:00.000Z",
    customerId: seedPatient(core),
  });
  moveBooking(core, null, b.id, { start: "2026-11-23T14:00:00.000Z" });
  changeState(core, null, b.id, "cancelled");
  updateProfessional(core, clinic.lopez.id, { name: "Dra. López", serviceIds: [], hours: WEEKDAY_HOURS });
  setRules(core, { slotMinutes: 20, minNoticeMinutes: 30, horizonDays: 90, holdMinutes: 5, onlineDays: 7 });
  const holiday = addException(core, {
    professionalId: null,
    day: "2026-12-08",
    kind: "closed",
    startMinute: null,
    endMinute: null,
  });
  deleteException(core, holiday.id);
  const a = grantAllotment(core, { professionalId: clinic.perez.id });
  reclaimAllotment(core, a.id);
  const rows = core.db
    .prepare("SELECT entity, op, payload FROM outbox WHERE entity LIKE 'turno_%' ORDER BY seq")
    .all() as { entity: string; op: string; payload: string }[];
  expect(new Set(rows.map((r) => `${r.entity}/${r.op}`))).toEqual(
    new Set([
      "turno_service/created",
      "turno_professional/created",
      "turno_professional/updated",
      "turno_booking/created",
      "turno_booking/updated",
      "turno_rules/updated",
      "turno_exception/created",
      "turno_exception/deleted",
      "turno_allotment/granted",
      "turno_allotment/reclaim",
    ]),
  );
  const refused = rows.flatMap((r) => syncPayloadErrors(r.entity, r.op, JSON.parse(r.payload)));
  expect(refused).toEqual([]);
});
