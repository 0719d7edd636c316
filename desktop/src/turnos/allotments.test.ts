import { UNIT_MS } from "@mostrador/contracts/turnos/availability";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { getAllotment, grantAllotment, listAllotments, reclaimAllotment } from "./allotments.js";
import { changeState, createBooking } from "./bookings.js";
import { createResource, updateProfessional, updateService } from "./setup.js";
import { type Clinic, MONDAY_8AM, seedClinic, seedPatient, WEEKDAY_HOURS } from "./test-fixture.js";

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

/** Monday 23 Nov 2026 (or another day) at a local Buenos Aires time, as a UTC instant. */
const at = (hhmm: string, day = "2026-11-23") => {
  const [h, m] = hhmm.split(":").map(Number);
  return new Date(
    Date.parse(`${day}T00:00:00.000Z`) + ((h ?? 0) + 3) * 3_600_000 + (m ?? 0) * 60_000,
  ).toISOString();
};

const counts = () =>
  core.db
    .prepare(
      `SELECT (SELECT count(*) FROM turno_allotments) AS allotments, (SELECT count(*) FROM turno_slots) AS slots,
        (SELECT count(*) FROM outbox) AS outbox`,
    )
    .get();

const outboxOf = (entity: string) =>
  core.db
    .prepare("SELECT op, payload FROM outbox WHERE entity = ? ORDER BY seq")
    .all(entity)
    .map((r) => {
      const row = r as { op: string; payload: string };
      return { op: row.op, payload: JSON.parse(row.payload) as Record<string, unknown> };
    });

describe("turnos en línea at the desk: granting and reclaiming allotments", () => {
  it("grants the still-free units of a window in one transaction with the outbox op; the desk can no longer book there", () => {
    const booked = createBooking(core, null, {
      serviceId: clinic.consulta.id,
      professionalId: clinic.lopez.id,
      start: at("10:00", "2026-11-24"),
      customerId: patient,
    });
    const a = grantAllotment(core, {
      professionalId: clinic.lopez.id,
      from: at("00:00", "2026-11-24"),
      to: at("00:00", "2026-11-25"),
    });
    expect(a).toMatchObject({ state: "granting", professionalName: "Dra. López", onlineBookings: 0 });
    // 288 units of the day minus the 8 the desk booking (30 min + 10 after) already had.
    expect(a.freeUnits).toBe(280);
    const [granted] = outboxOf("turno_allotment");
    expect(granted?.op).toBe("granted");
    const ranges = granted?.payload.ranges as [number, number][];
    expect(ranges.reduce((n, [f, t]) => n + t - f, 0)).toBe(280);
    expect(granted?.payload.rules).toMatchObject({
      slotMinutes: 15,
      timeZone: "America/Argentina/Buenos_Aires",
    });
    // The desk is refused there: "Ya no está disponible" for online booking, with the next free slots.
    const err = refusal(() =>
      createBooking(core, null, {
        serviceId: clinic.consulta.id,
        professionalId: clinic.lopez.id,
        start: at("11:00", "2026-11-24"),
        customerId: patient,
      }),
    );
    expect(err).toMatchObject({ code: "slot_allotted" });
    expect(err.message).toMatch(/^Ya no está disponible/);
    // Other professionals and other days are untouched.
    expect(
      createBooking(core, null, {
        serviceId: clinic.consulta.id,
        professionalId: clinic.perez.id,
        start: at("11:00", "2026-11-24"),
      }).state,
    ).toBe("booked");
    // The desk booking keeps its place, and cancelling it frees its units for the desk, not the cloud.
    changeState(core, null, booked.id, "cancelled");
    expect(getAllotment(core.db, a.id).freeUnits).toBe(280);
  });

  it("grants the next N days (the rules' setting) from now when no window is given", () => {
    core.db.exec("UPDATE turnos_settings SET online_days = 2");
    const a = grantAllotment(core, { professionalId: clinic.perez.id });
    expect(a.start).toBe(MONDAY_8AM);
    expect(Date.parse(a.end) - Date.parse(a.start)).toBe(2 * 86_400_000);
    expect(a.freeUnits).toBe((2 * 86_400_000) / UNIT_MS);
    expect(listAllotments(core, clinic.perez.id)).toHaveLength(1);
    expect(listAllotments(core, clinic.lopez.id)).toHaveLength(0);
  });

  it.each([
    ["an unknown professional", { professionalId: "no-existe" }, "professional_not_found"],
    ["a window with no end", { from: at("00:00", "2026-11-24") }, "grant_window"],
    [
      "a window in the past",
      { from: at("00:00", "2026-11-20"), to: at("00:00", "2026-11-21") },
      "in_the_past",
    ],
    [
      "a reversed window",
      { from: at("00:00", "2026-11-25"), to: at("00:00", "2026-11-24") },
      "range_reversed",
    ],
    [
      "a window off the grid",
      { from: "2026-11-24T03:01:00.000Z", to: at("00:00", "2026-11-25") },
      "not_on_grid",
    ],
    [
      "more than 90 days",
      { from: at("00:00", "2026-11-24"), to: at("00:00", "2027-03-24") },
      "grant_too_long",
    ],
  ])("refuses %s and changes nothing", (_label, input, code) => {
    const before = counts();
    const err = refusal(() => grantAllotment(core, { professionalId: clinic.lopez.id, ...input }));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(/\S/);
    expect(counts()).toEqual(before);
  });

  it("refuses a professional who is not attending, and a window with nothing free", () => {
    updateProfessional(core, clinic.perez.id, {
      name: "Dr. Pérez",
      serviceIds: [clinic.consulta.id],
      hours: WEEKDAY_HOURS,
      active: false,
    });
    const before = counts();
    expect(refusal(() => grantAllotment(core, { professionalId: clinic.perez.id })).code).toBe(
      "professional_inactive",
    );
    const window = {
      professionalId: clinic.lopez.id,
      from: at("10:00", "2026-11-24"),
      to: at("11:00", "2026-11-24"),
    };
    grantAllotment(core, window);
    const after = counts();
    expect(refusal(() => grantAllotment(core, window)).code).toBe("nothing_free");
    expect(counts()).toEqual(after);
    expect(after).not.toEqual(before);
  });

  it("a reclaim only asks (reclaiming, outbox op); asking twice is refused", () => {
    const a = grantAllotment(core, { professionalId: clinic.lopez.id, days: 1 });
    const asked = reclaimAllotment(core, a.id);
    expect(asked.state).toBe("reclaiming");
    // The units stay the allotment's until the cloud answers.
    expect(asked.freeUnits).toBe(a.freeUnits);
    expect(outboxOf("turno_allotment").map((o) => o.op)).toEqual(["granted", "reclaim"]);
    const before = counts();
    expect(refusal(() => reclaimAllotment(core, a.id)).code).toBe("already_reclaimed");
    expect(refusal(() => reclaimAllotment(core, "no-existe")).code).toBe("allotment_not_found");
    expect(counts()).toEqual(before);
  });

  it("grants the room a professional's service needs beside the professional's units: the desk cannot book the room there, and it comes back with the reclaim", () => {
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
    // A room already booked at 10:00 Tuesday (Pérez, kinesiología 45 min): not part of the room's grant.
    createBooking(core, null, {
      serviceId: clinic.kinesio.id,
      professionalId: clinic.perez.id,
      start: at("10:00", "2026-11-24"),
      customerId: patient,
    });
    const a = grantAllotment(core, {
      professionalId: clinic.perez.id,
      from: at("00:00", "2026-11-24"),
      to: at("00:00", "2026-11-25"),
    });
    const ops = outboxOf("turno_allotment").filter((o) => o.op === "granted");
    expect(ops.map((o) => [o.payload.professionalId, o.payload.resourceId ?? null])).toEqual([
      [clinic.perez.id, null],
      [clinic.perez.id, room.id],
    ]);
    const roomRanges = ops[1]!.payload.ranges as [number, number][];
    expect(roomRanges.reduce((n, [f, t]) => n + t - f, 0)).toBe(288 - 9);
    // Only the professional's allotment is listed; the room's goes and comes back with it.
    expect(listAllotments(core).map((x) => x.id)).toEqual([a.id]);
    // López (consulta, no room) is untouched; kinesiología needs the room, now the cloud's for the day.
    const { id: _pid, active: _pactive, ...lopez } = clinic.lopez;
    updateProfessional(core, clinic.lopez.id, {
      ...lopez,
      serviceIds: [clinic.consulta.id, clinic.kinesio.id],
    });
    const err = refusal(() =>
      createBooking(core, null, {
        serviceId: clinic.kinesio.id,
        professionalId: clinic.lopez.id,
        start: at("15:00", "2026-11-24"),
        customerId: patient,
      }),
    );
    expect(err.message).toMatch(/^Ya no está disponible/);
    // A second professional's grant finds the room already the cloud's: no second room allotment.
    grantAllotment(core, {
      professionalId: clinic.lopez.id,
      from: at("00:00", "2026-11-24"),
      to: at("00:00", "2026-11-25"),
    });
    expect(outboxOf("turno_allotment").filter((o) => o.op === "granted" && o.payload.resourceId).length).toBe(
      1,
    );
    reclaimAllotment(core, a.id);
    const states = core.db
      .prepare(
        "SELECT resource_id AS resourceId, state FROM turno_allotments WHERE professional_id = ? ORDER BY resource_id",
      )
      .all(clinic.perez.id);
    expect(states).toEqual([
      { resourceId: null, state: "reclaiming" },
      { resourceId: room.id, state: "reclaiming" },
    ]);
    expect(outboxOf("turno_allotment").filter((o) => o.op === "reclaim")).toHaveLength(2);
  });
});
