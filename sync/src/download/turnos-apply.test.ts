import type { ChangeMessage, Row } from "@electric-sql/client";
import { UNIT_MS } from "@mostrador/contracts/turnos/availability";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { grantAllotment, getAllotment } from "@mostrador/desktop/turnos/allotments";
import { createResource, updateService } from "@mostrador/desktop/turnos/setup";
import { changeState, getBooking } from "@mostrador/desktop/turnos/bookings";
import { bookingCharge } from "@mostrador/desktop/turnos/charges";
import { type Clinic, MONDAY_8AM, seedClinic } from "@mostrador/desktop/turnos/test-fixture";
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

/** Tuesday 24 Nov 2026 at a Buenos Aires local time, in ms. */
const tue = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return Date.parse("2026-11-24T00:00:00.000Z") + ((h ?? 0) + 3) * 3_600_000 + (m ?? 0) * 60_000;
};
const pg = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "+00");
const message = (value: Record<string, unknown>): ChangeMessage<Row> =>
  ({ key: String(value.id), value, headers: { operation: "insert" } }) as unknown as ChangeMessage<Row>;

const allotmentRow = (id: string, state: string, returned: [number, number][] = []) =>
  message({ id, state, returned_ranges: JSON.stringify(returned), updated_at: pg(Date.now()) });

/** An online booking as the cloud sends it: a consulta (30 min + 10 after: 8 units) with Dra. López. */
const onlineRow = (id: string, allotmentId: string, start: number, state = "booked", updatedAt = start) =>
  message({
    id,
    origin: "online",
    state,
    professional_id: clinic.lopez.id,
    service_id: clinic.consulta.id,
    allotment_id: allotmentId,
    start_at: pg(start),
    end_at: pg(start + 30 * 60_000),
    unit_from: state === "cancelled" ? null : start / UNIT_MS,
    unit_to: state === "cancelled" ? null : start / UNIT_MS + 8,
    patient_name: "Rocío Díaz",
    patient_phone: "+54 11 5555-1234",
    patient_email: null,
    price: "2000000",
    updated_at: pg(updatedAt),
  });

const keysOf = (where: string, ...args: unknown[]) =>
  (core.db.prepare(`SELECT count(*) AS n FROM turno_slots WHERE ${where}`).get(...args) as { n: number }).n;

describe("the cloud's turnos answers applied at the desk", () => {
  it("held acknowledges; an online booking takes its units from the allotment; the desk cancelling gives them back", () => {
    const a = grantAllotment(core, {
      professionalId: clinic.lopez.id,
      from: new Date(tue("00:00")).toISOString(),
      to: new Date(tue("24:00")).toISOString(),
    });
    expect(applyAllotmentMessages(core, [allotmentRow(a.id, "held")])).toEqual([a.id]);
    expect(getAllotment(core.db, a.id).state).toBe("held");

    const id = "019a0000-0000-7000-8000-0000000000b1";
    const applied = applyOnlineBookingMessages(core, [onlineRow(id, a.id, tue("10:00"))]);
    expect(applied).toEqual([id]);
    const b = getBooking(core.db, id);
    expect(b).toMatchObject({ origin: "online", state: "booked", customerName: "Rocío Díaz" });
    expect(keysOf("booking_id = ?", id)).toBe(8);
    expect(getAllotment(core.db, a.id)).toMatchObject({ freeUnits: 288 - 8, onlineBookings: 1 });
    // The same row again (a re-read snapshot) changes nothing.
    applyOnlineBookingMessages(core, [onlineRow(id, a.id, tue("10:00"))]);
    expect(keysOf("booking_id = ?", id)).toBe(8);

    // The desk cancels it: the units are the cloud's again (not the desk's), and the op says whose.
    changeState(core, null, id, "cancelled");
    expect(keysOf("booking_id = ?", id)).toBe(0);
    expect(getAllotment(core.db, a.id).freeUnits).toBe(288);
    const op = core.db
      .prepare("SELECT payload FROM outbox WHERE entity = 'turno_booking' ORDER BY seq DESC LIMIT 1")
      .pluck()
      .get() as string;
    expect(JSON.parse(op)).toMatchObject({ state: "cancelled", origin: "online", patientName: "Rocío Díaz" });
    // The cloud's later "confirmed" for it does not bring it back.
    applyOnlineBookingMessages(core, [onlineRow(id, a.id, tue("10:00"), "confirmed", tue("23:00"))]);
    expect(getBooking(core.db, id).state).toBe("cancelled");
  });

  it("returned units are deleted, booked ones stay; a booking the cloud cancels after the return frees its units for the desk", () => {
    const a = grantAllotment(core, {
      professionalId: clinic.lopez.id,
      from: new Date(tue("09:00")).toISOString(),
      to: new Date(tue("12:00")).toISOString(),
    });
    const id = "019a0000-0000-7000-8000-0000000000b2";
    // The booking arrives before the acknowledgement: the cloud only books what it stored.
    applyOnlineBookingMessages(core, [onlineRow(id, a.id, tue("10:00"))]);
    const all: [number, number] = [tue("09:00") / UNIT_MS, tue("12:00") / UNIT_MS];
    const booked: [number, number] = [tue("10:00") / UNIT_MS, tue("10:00") / UNIT_MS + 8];
    applyAllotmentMessages(core, [
      allotmentRow(a.id, "returned", [
        [all[0], booked[0]],
        [booked[1], all[1]],
      ]),
    ]);
    expect(getAllotment(core.db, a.id)).toMatchObject({ state: "returned", freeUnits: 0, onlineBookings: 1 });
    expect(keysOf("booking_id = ?", id)).toBe(8);

    applyOnlineBookingMessages(core, [onlineRow(id, a.id, tue("10:00"), "cancelled", tue("08:00"))]);
    expect(getBooking(core.db, id).state).toBe("cancelled");
    expect(keysOf("owner_id = ?", clinic.lopez.id)).toBe(0);
  });

  it("skips a booking for a professional or service this appliance does not have", () => {
    const row = onlineRow("019a0000-0000-7000-8000-0000000000b3", "no-existe", tue("10:00"));
    (row.value as Record<string, unknown>).professional_id = "otro";
    expect(applyOnlineBookingMessages(core, [row])).toEqual([]);
    expect(keysOf("1 = 1")).toBe(0);
  });

  it("a seña paid online arrives with the booking: the till deducts it; cancelled, it shows as owed back", () => {
    const a = grantAllotment(core, {
      professionalId: clinic.lopez.id,
      from: new Date(tue("00:00")).toISOString(),
      to: new Date(tue("24:00")).toISOString(),
    });
    const id = "019a0000-0000-7000-8000-0000000000b4";
    const paid = onlineRow(id, a.id, tue("10:00"));
    Object.assign(paid.value, {
      deposit_paid: "500000",
      deposit_status: "paid",
      deposit_payment_id: "90000000001",
    });
    applyOnlineBookingMessages(core, [paid]);
    expect(getBooking(core.db, id)).toMatchObject({
      depositPaid: 500000,
      onlineDeposit: { paymentId: "90000000001", status: "paid" },
    });
    expect(bookingCharge(core.db, id)).toMatchObject({
      price: 2000000,
      depositApplied: 500000,
      amountDue: 1500000,
    });

    // The patient cancels by their link: the cloud says the seña is owed back.
    const cancelled = onlineRow(id, a.id, tue("10:00"), "cancelled", tue("09:00"));
    Object.assign(cancelled.value, {
      deposit_paid: "500000",
      deposit_status: "refund_owed",
      deposit_payment_id: "90000000001",
    });
    applyOnlineBookingMessages(core, [cancelled]);
    expect(getBooking(core.db, id)).toMatchObject({
      state: "cancelled",
      onlineDeposit: { status: "refund_owed" },
    });
    expect(keysOf("booking_id = ?", id)).toBe(0);
  });

  it("a late payment of a hold that expired arrives as a cancelled booking whose seña is owed back, taking no units", () => {
    const a = grantAllotment(core, {
      professionalId: clinic.lopez.id,
      from: new Date(tue("00:00")).toISOString(),
      to: new Date(tue("24:00")).toISOString(),
    });
    const id = "019a0000-0000-7000-8000-0000000000b5";
    const row = onlineRow(id, a.id, tue("11:00"), "cancelled");
    Object.assign(row.value, {
      deposit_paid: "500000",
      deposit_status: "refund_owed",
      deposit_payment_id: "90000000002",
    });
    applyOnlineBookingMessages(core, [row]);
    expect(getBooking(core.db, id)).toMatchObject({
      state: "cancelled",
      depositPaid: 500000,
      onlineDeposit: { status: "refund_owed", paymentId: "90000000002" },
    });
    expect(keysOf("booking_id = ?", id)).toBe(0);
  });

  it("a seña above the booking's price (a cloud's bug) is kept at the price; an unknown status is ignored", () => {
    const a = grantAllotment(core, {
      professionalId: clinic.lopez.id,
      from: new Date(tue("00:00")).toISOString(),
      to: new Date(tue("24:00")).toISOString(),
    });
    const id = "019a0000-0000-7000-8000-0000000000b6";
    const row = onlineRow(id, a.id, tue("12:00"));
    Object.assign(row.value, { deposit_paid: "99999999", deposit_status: "paid", deposit_payment_id: "9" });
    applyOnlineBookingMessages(core, [row]);
    expect(getBooking(core.db, id).depositPaid).toBe(2000000);
    const id2 = "019a0000-0000-7000-8000-0000000000b7";
    const odd = onlineRow(id2, a.id, tue("15:00"));
    Object.assign(odd.value, { deposit_paid: "500000", deposit_status: "regalado" });
    applyOnlineBookingMessages(core, [odd]);
    expect(getBooking(core.db, id2)).toMatchObject({ depositPaid: 0, onlineDeposit: null });
  });

  it("an online booking that took a room takes the room's keys too; cancelled at the desk, each key goes back to its own allotment", () => {
    const room = createResource(core, { name: "Box 1" });
    const k = clinic.kinesio;
    updateService(core, k.id, {
      name: k.name,
      durationMinutes: k.durationMinutes,
      bufferBeforeMinutes: k.bufferBeforeMinutes,
      bufferAfterMinutes: k.bufferAfterMinutes,
      price: k.price,
      deposit: k.deposit,
      resourceIds: [room.id],
    });
    const a = grantAllotment(core, {
      professionalId: clinic.perez.id,
      from: new Date(tue("00:00")).toISOString(),
      to: new Date(tue("24:00")).toISOString(),
    });
    const roomAllotment = core.db
      .prepare("SELECT id FROM turno_allotments WHERE resource_id = ?")
      .pluck()
      .get(room.id) as string;
    applyAllotmentMessages(core, [allotmentRow(a.id, "held"), allotmentRow(roomAllotment, "held")]);
    const id = "019a0000-0000-7000-8000-0000000000b4";
    const start = tue("10:00");
    const row = message({
      ...onlineRow(id, a.id, start).value,
      professional_id: clinic.perez.id,
      service_id: k.id,
      end_at: pg(start + 45 * 60_000),
      unit_to: start / UNIT_MS + 9,
      resource_id: room.id,
    });
    expect(applyOnlineBookingMessages(core, [row])).toEqual([id]);
    expect(getBooking(core.db, id).resourceId).toBe(room.id);
    expect(keysOf("booking_id = ? AND owner_id = ?", id, clinic.perez.id)).toBe(9);
    expect(keysOf("booking_id = ? AND owner_id = ?", id, room.id)).toBe(9);
    expect(getAllotment(core.db, roomAllotment).freeUnits).toBe(288 - 9);
    changeState(core, null, id, "cancelled");
    expect(keysOf("booking_id = ?", id)).toBe(0);
    // Each unit is its own allotment's again: the room's never became the professional's.
    expect(keysOf("allotment_id = ? AND owner_id = ?", a.id, clinic.perez.id)).toBe(288);
    expect(keysOf("allotment_id = ? AND owner_id = ?", roomAllotment, room.id)).toBe(288);
    expect(keysOf("allotment_id = ? AND owner_id = ?", a.id, room.id)).toBe(0);
    // The room's allotment returned by the cloud: its keys go, the professional's stay.
    applyAllotmentMessages(core, [
      allotmentRow(roomAllotment, "returned", [[tue("00:00") / UNIT_MS, tue("24:00") / UNIT_MS]]),
    ]);
    expect(keysOf("owner_id = ?", room.id)).toBe(0);
    expect(keysOf("owner_id = ?", clinic.perez.id)).toBe(288);
  });
});
