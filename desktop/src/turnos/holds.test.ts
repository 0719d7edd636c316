import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { changeState, createBooking, getBooking } from "./bookings.js";
import { type Clinic, MONDAY_8AM, seedClinic, seedPatient } from "./test-fixture.js";

let core: TestCore;
let clinic: Clinic;

beforeEach(() => {
  core = openTestCore();
  core.clock.set(MONDAY_8AM);
  clinic = seedClinic(core);
});
afterEach(() => core.close());

const TEN_AM = "2026-11-23T13:00:00.000Z";
const hold = () =>
  createBooking(core, null, {
    serviceId: clinic.consulta.id,
    professionalId: clinic.lopez.id,
    start: TEN_AM,
    hold: true,
  });
const bookTenAm = () =>
  createBooking(core, null, {
    serviceId: clinic.consulta.id,
    professionalId: clinic.lopez.id,
    start: TEN_AM,
  });

describe("'Reservar unos minutos' (a hold)", () => {
  it("holds the slot for the rules' minutes: someone else is told it is being booked", () => {
    const h = hold();
    expect([h.state, h.holdExpiresAt]).toEqual(["held", "2026-11-23T11:05:00.000Z"]);
    expect(refusal(bookTenAm).code).toBe("slot_held");
  });

  it("confirmed in time, it becomes a booking with the patient named on the phone", () => {
    const h = hold();
    core.clock.set("2026-11-23T11:04:00.000Z");
    const patient = seedPatient(core);
    const booked = changeState(core, null, h.id, "booked", { customerId: patient });
    expect([booked.state, booked.customerId, booked.holdExpiresAt]).toEqual(["booked", patient, null]);
  });

  it("once expired, the slot is free for the next booking and the hold can no longer be confirmed", () => {
    const h = hold();
    core.clock.set("2026-11-23T11:05:00.000Z");
    expect(refusal(() => changeState(core, null, h.id, "booked")).message).toBe(
      "La reserva momentánea venció; buscá otro horario",
    );
    expect(bookTenAm().state).toBe("booked");
    expect(getBooking(core.db, h.id).state).toBe("cancelled");
  });
});
