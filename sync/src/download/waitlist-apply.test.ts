import type { ChangeMessage, Row } from "@electric-sql/client";
import { UNIT_MS } from "@mostrador/contracts/turnos/availability";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { getBooking } from "@mostrador/desktop/turnos/bookings";
import { type Clinic, MONDAY_8AM, seedClinic, seedPatient } from "@mostrador/desktop/turnos/test-fixture";
import { addEntry, getEntry, getOffer, offerSlot } from "@mostrador/desktop/turnos/waitlist";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyAllotmentMessages, applyOnlineBookingMessages } from "./turnos-apply.js";

let core: TestCore;
let clinic: Clinic;
beforeEach(() => {
  core = openTestCore();
  core.clock.set(MONDAY_8AM);
  clinic = seedClinic(core);
});
afterEach(() => core.close());

/** Tuesday 24 Nov 2026, 10:00 in Buenos Aires. */
const TUE_10 = Date.parse("2026-11-24T13:00:00.000Z");
const pg = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "+00");
const message = (value: Record<string, unknown>): ChangeMessage<Row> =>
  ({ key: String(value.id), value, headers: { operation: "insert" } }) as unknown as ChangeMessage<Row>;

function offered() {
  const people = ["Ana", "Beto"].map((name) => {
    const id = seedPatient(core, name);
    core.db.prepare("UPDATE customers SET phone = '+5491155550000' WHERE id = ?").run(id);
    core.clock.advance(1000);
    return addEntry(core, { staffId: null }, { customerId: id, serviceId: clinic.consulta.id });
  });
  const offer = offerSlot(
    core,
    { staffId: null },
    { professionalId: clinic.lopez.id, serviceId: clinic.consulta.id, start: new Date(TUE_10).toISOString() },
  );
  applyAllotmentMessages(core, [
    message({ id: offer.allotmentId, state: "held", returned_ranges: "[]", updated_at: pg(Date.now()) }),
  ]);
  return { people, offer };
}

describe("the cloud's answers to a waitlist offer, applied at the desk", () => {
  it("the accepted booking comes down naming its entry: that entry is booked, the others wait again in their place", () => {
    const { people, offer } = offered();
    const id = "019a0000-0000-7000-8000-0000000000c1";
    applyOnlineBookingMessages(core, [
      message({
        id,
        origin: "online",
        state: "booked",
        professional_id: clinic.lopez.id,
        service_id: clinic.consulta.id,
        allotment_id: offer.allotmentId,
        start_at: pg(TUE_10),
        end_at: pg(TUE_10 + 30 * 60_000),
        unit_from: TUE_10 / UNIT_MS,
        unit_to: TUE_10 / UNIT_MS + 8,
        patient_name: "Beto",
        patient_phone: "+5491155550000",
        patient_email: null,
        price: "2000000",
        updated_at: pg(TUE_10 - 86_400_000),
        waitlist_entry_id: people[1]!.id,
      }),
    ]);
    expect(getBooking(core.db, id)).toMatchObject({ origin: "online", state: "booked" });
    expect(getEntry(core.db, people[1]!.id)).toMatchObject({ state: "booked", bookingId: id, offerId: null });
    expect(getEntry(core.db, people[0]!.id)).toMatchObject({ state: "waiting", offerId: null });
    expect(getOffer(core.db, offer.id)).toMatchObject({ state: "booked", bookingId: id });
    // The allotment's return arriving after the booking keeps the offer booked.
    applyAllotmentMessages(core, [
      message({
        id: offer.allotmentId,
        state: "returned",
        returned_ranges: "[]",
        updated_at: pg(Date.now()),
      }),
    ]);
    expect(getOffer(core.db, offer.id).state).toBe("booked");
  });

  it("an offer nobody took comes back as its allotment returned: the slot is the desk's again, everyone waits again", () => {
    const { people, offer } = offered();
    const from = TUE_10 / UNIT_MS;
    applyAllotmentMessages(core, [
      message({
        id: offer.allotmentId,
        state: "returned",
        returned_ranges: JSON.stringify([[from, from + 8]]),
        updated_at: pg(Date.now()),
      }),
    ]);
    expect(getOffer(core.db, offer.id).state).toBe("returned");
    expect(people.map((p) => getEntry(core.db, p.id).state)).toEqual(["waiting", "waiting"]);
    const keys = core.db
      .prepare("SELECT count(*) AS n FROM turno_slots WHERE owner_id = ?")
      .get(clinic.lopez.id);
    expect(keys).toEqual({ n: 0 });
  });
});
