import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dayKeyIn, nextDayKey, wallTimeMs } from "@mostrador/contracts/zoned-day";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "@mostrador/cloud/core/clock";
import { type RunningCloud, startCloud } from "@mostrador/cloud/start";
import { createPairingCode } from "@mostrador/cloud/tenancy/pairing";
import { type RunningAppliance, startAppliance } from "@mostrador/desktop/appliance/appliance";
import { enrollAppliance } from "./upload/enroll.js";

type Answer = { status: number; body: Record<string, unknown> };
type Allotment = { id: string; state: string; freeUnits: number; onlineBookings: number };
type Slot = { start: string };

/** The desk's API as the demo's owner (a manager: turnos setup needs catalog.edit). */
async function deskApi(appliance: RunningAppliance) {
  const db = appliance.ctx.db;
  const owner = db.prepare("SELECT id FROM staff WHERE name LIKE 'Martín%'").get() as { id: string };
  const terminal = db.prepare("SELECT id FROM terminals WHERE code = 1").get() as { id: string };
  const call = async (method: string, path: string, body?: unknown, token?: string): Promise<Answer> => {
    const res = await fetch(`${appliance.url}/api${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const login = await call("POST", "/auth/login", {
    staffId: owner.id,
    pin: "2222",
    terminalId: terminal.id,
  });
  const token = login.body.token as string;
  return (method: string, path: string, body?: unknown) => call(method, path, body, token);
}

async function publicApi(cloud: RunningCloud, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${cloud.url}/v1/turnos/public/${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
  weekday,
  kind: "work" as const,
  startMinute: 480,
  endMinute: 1200,
}));

/**
 * Issue 17's handshake end to end, with the whole appliance and the embedded cloud in one process: the
 * desk grants the cloud tomorrow of a professional (granting → held once the cloud answers down its
 * shape); 100 attempts at one slot from the desk and online together end with one booking, with the
 * appliance online and stopped; an online booking made while it was stopped reaches the desk's agenda
 * after the restart, into units kept for it; a reclaim returns the units nobody booked.
 */
describe("turnos between the desk and the cloud", () => {
  let dirs: string[];
  let cloud: RunningCloud;
  let appliance: RunningAppliance;
  let storeId: string;
  let serviceId: string;
  let professionalId: string;
  let tomorrow: string;
  let at: (minute: number, day?: string) => string;
  const startDesk = () =>
    startAppliance({
      dataDir: dirs[1] as string,
      host: "127.0.0.1",
      port: 0,
      mqttPort: 0,
      seedDemo: true,
      sync: true,
    });

  beforeAll(async () => {
    dirs = ["cloud", "desk"].map((n) => mkdtempSync(join(tmpdir(), `mostrador-turnos-${n}-`)));
    cloud = await startCloud({ dataDir: dirs[0] as string, port: 0, host: "127.0.0.1", demo: true });
    const demo = cloud.demo as NonNullable<RunningCloud["demo"]>;
    storeId = demo.storeId;
    appliance = await startDesk();
    const { code } = await createPairingCode(cloud.sql, demo.tenantId, storeId, systemClock);
    await enrollAppliance(appliance.ctx, { cloudUrl: cloud.url, code, name: "Recepción" });
    const tz = getSettings(appliance.ctx.db).timeZone;
    tomorrow = nextDayKey(dayKeyIn(new Date(), tz));
    at = (minute, day = tomorrow) => new Date(wallTimeMs(day, minute, tz)).toISOString();
  }, 120_000);

  afterAll(async () => {
    await appliance?.close();
    await cloud?.close();
    for (const dir of dirs ?? []) rmSync(dir, { recursive: true, force: true });
  });

  it("grant → held; one booking of 100 attempts from both sides, online and offline; the offline one reaches the agenda; reclaim returns the rest", async () => {
    let desk = await deskApi(appliance);
    const service = await desk("POST", "/turnos/services", {
      name: "Consulta clínica",
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      price: 2_500_000,
      deposit: 0,
    });
    serviceId = service.body.id as string;
    const pro = await desk("POST", "/turnos/professionals", {
      name: "Dra. Suárez",
      serviceIds: [serviceId],
      hours: EVERY_DAY,
    });
    professionalId = pro.body.id as string;

    // The desk grants tomorrow: granting until the cloud's answer comes down, then held.
    const granted = await desk("POST", "/turnos/allotments", {
      professionalId,
      from: at(0),
      to: at(0, nextDayKey(tomorrow)),
    });
    expect(granted.status).toBe(200);
    const allotmentId = granted.body.id as string;
    const allotment = async () =>
      (
        (await desk("GET", `/turnos/allotments?professionalId=${professionalId}`)).body
          .allotments as Allotment[]
      ).find((a) => a.id === allotmentId);
    await expect.poll(async () => (await allotment())?.state, { timeout: 20_000 }).toBe("held");

    // The cloud offers tomorrow's slots; the desk's own day after tomorrow is not the cloud's to offer.
    const slots = await publicApi(
      cloud,
      "GET",
      `${storeId}/slots?serviceId=${serviceId}&from=${tomorrow}&to=${nextDayKey(tomorrow)}`,
    );
    expect(slots.status).toBe(200);
    const offered = (slots.body.slots as Slot[]).map((s) => s.start);
    expect(offered).toContain(at(600));
    expect(offered).not.toContain(at(600, nextDayKey(tomorrow)));

    // 100 attempts at one slot, half at the desk and half online, appliance online.
    const attempt = (start: string, i: number) =>
      i % 2 === 0
        ? desk("POST", "/turnos/bookings", { serviceId, professionalId, start })
        : publicApi(cloud, "POST", `${storeId}/bookings`, {
            serviceId,
            professionalId,
            start,
            name: `Paciente ${i}`,
            phone: "+54 11 4444-0000",
            optIn: false,
          });
    const expectOneOf100 = async (start: string) => {
      const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => attempt(start, i)));
      const won = answers.filter((a) => a.status === 200 || a.status === 201);
      const lost = answers.filter((a) => a.status === 409);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(99);
      for (const l of lost) {
        const error = l.body.error as { message: string; details?: { nextFree?: Slot[] } };
        expect(error.message).toMatch(/^Ya no está disponible/);
      }
      return won[0] as Answer;
    };
    // Inside the allotment the cloud books it (the desk is refused: the slot is the cloud's).
    const inside = await expectOneOf100(at(600));
    expect(inside.status).toBe(201);
    // Outside it the desk books it (the cloud does not hold those units).
    const outside = await expectOneOf100(at(600, nextDayKey(tomorrow)));
    expect(outside.status).toBe(200);

    // The appliance stops: the cloud keeps booking inside what it holds.
    await appliance.close();
    const offline = await publicApi(cloud, "POST", `${storeId}/bookings`, {
      serviceId,
      start: at(720),
      name: "Rocío Offline",
      phone: "+54 11 5555-1234",
      email: "rocio@example.com",
      optIn: true,
    });
    expect(offline.status).toBe(201);
    const offlineId = (offline.body.booking as { id: string }).id;
    const race = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        publicApi(cloud, "POST", `${storeId}/bookings`, {
          serviceId,
          professionalId,
          start: at(840),
          name: `Paciente ${i}`,
          phone: "+54 11 4444-0000",
          optIn: false,
        }),
      ),
    );
    expect(race.filter((r) => r.status === 201)).toHaveLength(1);
    expect(race.filter((r) => r.status === 409)).toHaveLength(99);

    // Restarted, the desk receives what was booked while it was off, into the units it kept for them.
    appliance = await startDesk();
    desk = await deskApi(appliance);
    const agenda = async () =>
      (
        (
          await desk(
            "GET",
            `/turnos/bookings?from=${tomorrow}&to=${tomorrow}&professionalId=${professionalId}`,
          )
        ).body.bookings as { id: string; customerName: string | null; origin: string; start: string }[]
      ).filter((b) => b.origin === "online");
    await expect.poll(async () => (await agenda()).length, { timeout: 20_000 }).toBe(3);
    expect((await agenda()).find((b) => b.id === offlineId)).toMatchObject({
      customerName: "Rocío Offline",
      start: at(720),
    });
    // The desk still cannot book those places (their keys are the bookings' now).
    const again = await desk("POST", "/turnos/bookings", { serviceId, professionalId, start: at(720) });
    expect(again.status).toBe(409);

    // Reclaim: the still-free units come back, the three online bookings stay.
    const asked = await desk("POST", `/turnos/allotments/${allotmentId}/reclaim`);
    expect(asked.body.state).toBe("reclaiming");
    await expect.poll(async () => (await allotment())?.state, { timeout: 20_000 }).toBe("returned");
    expect(await allotment()).toMatchObject({ freeUnits: 0, onlineBookings: 3 });
    const mine = await desk("POST", "/turnos/bookings", { serviceId, professionalId, start: at(900) });
    expect(mine.status).toBe(200);
    const cloudLate = await publicApi(cloud, "POST", `${storeId}/bookings`, {
      serviceId,
      start: at(960),
      name: "Tarde",
      phone: "+54 11 4444-0000",
      optIn: false,
    });
    expect(cloudLate.status).toBe(409);
  }, 180_000);

  it("a service that needs a room: the room granted beside its professional; one booking of 100 attempts from both sides and either professional, online and offline; the room reaches the desk", async () => {
    let desk = await deskApi(appliance);
    const room = await desk("POST", "/turnos/resources", { name: "Box de kinesiología" });
    expect(room.status).toBe(200);
    const roomId = room.body.id as string;
    const kine = await desk("POST", "/turnos/services", {
      name: "Kinesiología",
      durationMinutes: 45,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      price: 1_800_000,
      deposit: 0,
      resourceIds: [roomId],
    });
    expect(kine.status).toBe(200);
    const kineId = kine.body.id as string;
    const [first, second] = await Promise.all(
      ["Lic. Roca", "Lic. Vera"].map(async (name) => {
        const res = await desk("POST", "/turnos/professionals", {
          name,
          serviceIds: [kineId],
          hours: EVERY_DAY,
        });
        expect(res.status).toBe(200);
        return res.body.id as string;
      }),
    );
    // Two days ahead (the first test used tomorrow and the day after): the first professional's day,
    // and with it the room's; the second professional's units stay the desk's.
    const day = nextDayKey(nextDayKey(tomorrow));
    const granted = await desk("POST", "/turnos/allotments", {
      professionalId: first,
      from: at(0, day),
      to: at(0, nextDayKey(day)),
    });
    expect(granted.status).toBe(200);
    const states = () =>
      appliance.ctx.db
        .prepare("SELECT state FROM turno_allotments WHERE id = ? OR granted_with = ? ORDER BY resource_id")
        .pluck()
        .all(granted.body.id, granted.body.id);
    await expect.poll(states, { timeout: 20_000 }).toEqual(["held", "held"]);
    const slots = await publicApi(cloud, "GET", `${storeId}/slots?serviceId=${kineId}&from=${day}&to=${day}`);
    expect((slots.body.slots as Slot[]).map((s) => s.start)).toContain(at(600, day));

    // 100 attempts at one slot: at the desk with either professional, online with "cualquiera".
    const attempt = (start: string, i: number) =>
      i % 2 === 0
        ? desk("POST", "/turnos/bookings", {
            serviceId: kineId,
            professionalId: i % 4 === 0 ? first : second,
            start,
          })
        : publicApi(cloud, "POST", `${storeId}/bookings`, {
            serviceId: kineId,
            start,
            name: `Paciente ${i}`,
            phone: "+54 11 4444-0000",
            optIn: false,
          });
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => attempt(at(600, day), i)));
    expect(answers.filter((a) => a.status === 200 || a.status === 201)).toHaveLength(1);
    const lost = answers.filter((a) => a.status === 409);
    expect(lost).toHaveLength(99);
    for (const l of lost)
      expect((l.body.error as { message: string }).message).toMatch(/^Ya no está disponible/);

    // The appliance stops: the cloud books the room on its own, once.
    await appliance.close();
    const race = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        publicApi(cloud, "POST", `${storeId}/bookings`, {
          serviceId: kineId,
          start: at(720, day),
          name: `Paciente ${i}`,
          phone: "+54 11 4444-0000",
          optIn: false,
        }),
      ),
    );
    expect(race.filter((r) => r.status === 201)).toHaveLength(1);
    expect(race.filter((r) => r.status === 409)).toHaveLength(99);

    // Restarted: both online bookings reach the desk with the room, into keys kept for them; the desk
    // cannot give the room at those times to the other professional.
    appliance = await startDesk();
    desk = await deskApi(appliance);
    const online = () =>
      appliance.ctx.db
        .prepare(
          `SELECT count(*) FROM turno_bookings b WHERE b.origin = 'online' AND b.service_id = ? AND b.resource_id = ?
             AND (SELECT count(*) FROM turno_slots s WHERE s.booking_id = b.id AND s.owner_id = ?) = 9`,
        )
        .pluck()
        .get(kineId, roomId, roomId);
    await expect.poll(online, { timeout: 20_000 }).toBe(2);
    const taken = await desk("POST", "/turnos/bookings", {
      serviceId: kineId,
      professionalId: second,
      start: at(720, day),
    });
    expect(taken.status).toBe(409);
  }, 180_000);
});
