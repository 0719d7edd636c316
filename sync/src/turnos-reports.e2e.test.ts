import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dayKeyIn, nextDayKey, wallTimeMs } from "@mostrador/contracts/zoned-day";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "@mostrador/cloud/core/clock";
import { DEMO_OWNER } from "@mostrador/cloud/demo";
import { type RunningCloud, startCloud } from "@mostrador/cloud/start";
import { createPairingCode } from "@mostrador/cloud/tenancy/pairing";
import { type RunningAppliance, startAppliance } from "@mostrador/desktop/appliance/appliance";
import { enrollAppliance } from "./upload/enroll.js";

type Answer = { status: number; body: Record<string, unknown> };

async function call(url: string, method: string, body?: unknown, token?: string): Promise<Answer> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
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
 * Issue 17 "Reports", both sides: the desk books, cancels and charges turnos; once its outbox is uploaded,
 * the dashboard's report of the store (computed by the cloud from its projection) is the desk's report,
 * figure for figure, in one shape.
 */
describe("the turnos report at the desk and on the dashboard", () => {
  let dirs: string[];
  let cloud: RunningCloud;
  let appliance: RunningAppliance;
  let storeId: string;

  beforeAll(async () => {
    dirs = ["cloud", "desk"].map((n) => mkdtempSync(join(tmpdir(), `mostrador-turnos-rep-${n}-`)));
    cloud = await startCloud({ dataDir: dirs[0] as string, port: 0, host: "127.0.0.1", demo: true });
    const demo = cloud.demo as NonNullable<RunningCloud["demo"]>;
    storeId = demo.storeId;
    appliance = await startAppliance({
      dataDir: dirs[1] as string,
      host: "127.0.0.1",
      port: 0,
      mqttPort: 0,
      seedDemo: true,
      sync: true,
    });
    const { code } = await createPairingCode(cloud.sql, demo.tenantId, storeId, systemClock);
    await enrollAppliance(appliance.ctx, { cloudUrl: cloud.url, code, name: "Recepción" });
  }, 120_000);

  afterAll(async () => {
    await appliance?.close();
    await cloud?.close();
    for (const dir of dirs ?? []) rmSync(dir, { recursive: true, force: true });
  });

  it("gives the same figures from the cloud's projection as the desk gives from its own tables", async () => {
    const db = appliance.ctx.db;
    const manager = db.prepare("SELECT id FROM staff WHERE name LIKE 'Martín%'").get() as { id: string };
    const terminal = db.prepare("SELECT id FROM terminals WHERE code = 1").get() as { id: string };
    const login = await call(`${appliance.url}/api/auth/login`, "POST", {
      staffId: manager.id,
      pin: "2222",
      terminalId: terminal.id,
    });
    const deskToken = login.body.token as string;
    const desk = (method: string, path: string, body?: unknown) =>
      call(`${appliance.url}/api${path}`, method, body, deskToken);
    const tz = getSettings(db).timeZone;
    const tomorrow = nextDayKey(dayKeyIn(new Date(), tz));
    const at = (minute: number) => new Date(wallTimeMs(tomorrow, minute, tz)).toISOString();

    const consulta = await desk("POST", "/turnos/services", {
      name: "Consulta de control",
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      price: 2_500_000,
      deposit: 0,
    });
    const serviceId = consulta.body.id as string;
    const pro = await desk("POST", "/turnos/professionals", {
      name: "Dr. Ibarra",
      serviceIds: [serviceId],
      hours: EVERY_DAY,
    });
    const professionalId = pro.body.id as string;
    const book = async (minute: number) => {
      const res = await desk("POST", "/turnos/bookings", { serviceId, professionalId, start: at(minute) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.id as string;
    };
    const charged = await book(600);
    await book(660);
    const cancelled = await book(720);
    expect((await desk("POST", `/turnos/bookings/${cancelled}/cancel`)).status).toBe(200);

    // The turno charged at the till: the sale names the booking, its line is the service.
    const charge = await desk("GET", `/turnos/bookings/${charged}/charge`);
    const productId = charge.body.productId as string;
    expect((await desk("POST", "/cash/open", { openingFloat: 0 })).status).toBe(201);
    const sale = await desk("POST", "/sales", {
      id: uuidv7(),
      lines: [{ productId, quantity: 1 }],
      bookingId: charged,
      payments: [{ method: "cash", amount: charge.body.amountDue, tendered: charge.body.amountDue }],
    });
    expect(sale.status, JSON.stringify(sale.body)).toBe(201);

    const range = `from=${tomorrow}&to=${tomorrow}`;
    const atDesk = (await desk("GET", `/turnos/reports?${range}`)).body;
    expect(atDesk).toMatchObject({ revenue: { total: 2_500_000 }, cancellations: { total: 1 } });

    const owner = await call(`${cloud.url}/v1/auth/login`, "POST", DEMO_OWNER);
    const ownerToken = owner.body.token as string;
    const onDashboard = async () =>
      (await call(`${cloud.url}/v1/turnos/reports?storeId=${storeId}&${range}`, "GET", undefined, ownerToken))
        .body;
    await expect.poll(onDashboard, { timeout: 30_000 }).toEqual(atDesk);

    // The agenda shows the three bookings, the cancelled one as such, all from the desk.
    const agenda = await call(
      `${cloud.url}/v1/turnos/agenda?storeId=${storeId}&${range}`,
      "GET",
      undefined,
      ownerToken,
    );
    const mine = (agenda.body.bookings as { professionalId: string; state: string; origin: string }[]).filter(
      (b) => b.professionalId === professionalId,
    );
    expect(mine.map((b) => [b.state, b.origin])).toEqual([
      ["done", "desk"],
      ["booked", "desk"],
      ["cancelled", "desk"],
    ]);
  }, 180_000);
});
