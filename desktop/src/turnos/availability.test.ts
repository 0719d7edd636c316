import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { availability } from "./availability.js";
import { createBooking } from "./bookings.js";
import { addException, createProfessional, setRules, updateProfessional } from "./setup.js";
import { type Clinic, MONDAY_8AM, seedClinic, WEEKDAY_HOURS } from "./test-fixture.js";

let core: TestCore;
let clinic: Clinic;

/** Local "HH:MM" of each free start in Buenos Aires. */
const localTimes = (slots: { start: string }[], timeZone = "America/Argentina/Buenos_Aires") =>
  slots.map((s) =>
    new Intl.DateTimeFormat("es-AR", {
      timeZone,
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(new Date(s.start)),
  );

beforeEach(() => {
  core = openTestCore();
  core.clock.set(MONDAY_8AM);
  clinic = seedClinic(core);
});
afterEach(() => core.close());

const monday = (professionalId?: string, serviceId = clinic.consulta.id) =>
  availability(core, { serviceId, professionalId, from: "2026-11-23", to: "2026-11-23" });

describe("availability", () => {
  it("steps working hours by the slot interval and never offers a slot across the break", () => {
    const times = localTimes(monday(clinic.lopez.id));
    expect(times[0]).toBe("09:00");
    expect(times).toContain("12:30"); // ends 13:00, the break's start
    expect(times).not.toContain("12:45"); // would cross the break
    expect(times).not.toContain("13:00");
    expect(times).toContain("14:00");
    expect(times.at(-1)).toBe("17:30"); // the service ends at 18:00
  });

  it("leaves out starts whose time plus buffers meets a booking widened by its buffers", () => {
    createBooking(core, null, {
      serviceId: clinic.consulta.id,
      professionalId: clinic.lopez.id,
      start: "2026-11-23T13:00:00.000Z",
    });
    const times = localTimes(monday(clinic.lopez.id)).filter((t) => t < "11:30");
    // The 10:00 consulta occupies 10:00–10:40 (10 minutes after); a 09:30 one would occupy 09:30–10:10.
    expect(times).toEqual(["09:00", "09:15", "10:45", "11:00", "11:15"]);
  });

  it("honours a day off, a leave of some hours, a holiday for everyone and an extra day", () => {
    addException(core, {
      professionalId: clinic.lopez.id,
      day: "2026-11-23",
      kind: "closed",
      startMinute: null,
      endMinute: null,
    });
    expect(monday(clinic.lopez.id)).toEqual([]);
    addException(core, {
      professionalId: clinic.perez.id,
      day: "2026-11-23",
      kind: "closed",
      startMinute: 900,
      endMinute: 960,
    });
    const perez = localTimes(monday(clinic.perez.id));
    expect(perez.filter((t) => t >= "14:45" && t < "16:00")).toEqual([]); // 15:00–16:00 off
    expect(perez).toContain("16:00");
    addException(core, {
      professionalId: null,
      day: "2026-11-24",
      kind: "closed",
      startMinute: null,
      endMinute: null,
    });
    expect(
      availability(core, { serviceId: clinic.consulta.id, from: "2026-11-24", to: "2026-11-24" }),
    ).toEqual([]);
    addException(core, {
      professionalId: clinic.lopez.id,
      day: "2026-11-28",
      kind: "extra",
      startMinute: 600,
      endMinute: 660,
    });
    const saturday = availability(core, {
      serviceId: clinic.consulta.id,
      professionalId: clinic.lopez.id,
      from: "2026-11-28",
      to: "2026-11-28",
    });
    expect(localTimes(saturday)).toEqual(["10:00", "10:15", "10:30"]);
  });

  it("starts after the minimum notice and ends at the horizon", () => {
    core.clock.set("2026-11-23T12:20:00.000Z"); // 09:20 local, notice 60 minutes
    expect(localTimes(monday(clinic.lopez.id))[0]).toBe("10:30");
    setRules(core, { slotMinutes: 15, minNoticeMinutes: 0, horizonDays: 3, holdMinutes: 5 });
    const week = availability(core, {
      serviceId: clinic.consulta.id,
      professionalId: clinic.lopez.id,
      from: "2026-11-23",
      to: "2026-11-30",
    });
    expect(week.every((s) => s.start < "2026-11-26T12:20:00.000Z")).toBe(true);
    expect(week.some((s) => s.start.startsWith("2026-11-25"))).toBe(true);
  });

  it('merges every professional who gives the service for "cualquiera"', () => {
    const any = monday();
    expect(new Set(any.map((s) => s.professionalId))).toEqual(new Set([clinic.lopez.id, clinic.perez.id]));
    expect(monday(undefined, clinic.kinesio.id).every((s) => s.professionalId === clinic.perez.id)).toBe(
      true,
    );
  });

  it("keeps the local wall time across a DST change (America/New_York, 1 Nov 2026)", () => {
    core.close();
    core = openTestCore();
    core.clock.set("2026-10-29T12:00:00.000Z");
    clinic = seedClinic(core, "America/New_York");
    const slots = availability(core, {
      serviceId: clinic.consulta.id,
      professionalId: clinic.lopez.id,
      from: "2026-10-30",
      to: "2026-11-02",
    });
    const friday = slots.filter((s) => s.start.startsWith("2026-10-30"));
    const mondayAfter = slots.filter((s) => s.start.startsWith("2026-11-02"));
    expect(friday[0]?.start).toBe("2026-10-30T13:00:00.000Z"); // 09:00 EDT (UTC−4)
    expect(mondayAfter[0]?.start).toBe("2026-11-02T14:00:00.000Z"); // 09:00 EST (UTC−5)
    expect(localTimes(mondayAfter, "America/New_York")[0]).toBe("09:00");
  });

  it("in America/Santiago a Sunday whose midnight does not exist still opens at 09:00 local", () => {
    core.close();
    core = openTestCore();
    core.clock.set("2026-08-25T12:00:00.000Z");
    clinic = seedClinic(core, "America/Santiago");
    const sundays = [
      ...WEEKDAY_HOURS,
      { weekday: 0, kind: "work" as const, startMinute: 540, endMinute: 600 },
    ];
    updateProfessional(core, clinic.lopez.id, {
      name: "Dra. López",
      serviceIds: [clinic.consulta.id],
      hours: sundays,
    });
    const days = ["2026-08-30", "2026-09-06", "2026-09-13"].map((day) =>
      availability(core, {
        serviceId: clinic.consulta.id,
        professionalId: clinic.lopez.id,
        from: day,
        to: day,
      }),
    );
    for (const d of days) expect(localTimes(d, "America/Santiago")).toEqual(["09:00", "09:15", "09:30"]);
    expect(days[0]?.[0]?.start).toBe("2026-08-30T13:00:00.000Z"); // UTC−4
    expect(days[1]?.[0]?.start).toBe("2026-09-06T12:00:00.000Z"); // UTC−3 from that midnight
  });

  it("refuses a range that is reversed or too long, and an unknown service", () => {
    expect(() =>
      availability(core, { serviceId: clinic.consulta.id, from: "2026-11-30", to: "2026-11-23" }),
    ).toThrow("La fecha final es anterior a la inicial");
    expect(() =>
      availability(core, { serviceId: clinic.consulta.id, from: "2026-11-23", to: "2027-03-01" }),
    ).toThrow("Se consultan hasta 62 días por vez");
    expect(() => availability(core, { serviceId: "nope", from: "2026-11-23", to: "2026-11-23" })).toThrow(
      "El servicio no existe",
    );
    const other = createProfessional(core, { name: "Lic. Ruiz", serviceIds: [], hours: [] });
    expect(() => monday(other.id)).toThrow("Lic. Ruiz no da el servicio «Consulta»");
  });
});
