import { SensorHistoryAnswer, SensorStoresAnswer } from "@mostrador/contracts/http/cloud-sensors";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { type SensorRollup, sensorRollupEntityId } from "@mostrador/contracts/sync/sensors";
import { v7 as uuidv7 } from "uuid";
import { beforeAll, describe, expect, it } from "vitest";
import { OpFactory } from "../ingest/test-ops.js";
import { createStore } from "../tenancy/stores.js";
import {
  bearer,
  enrolledAppliance,
  ingest,
  json,
  ownerWithStore,
  snapshot,
  useTestCloud,
} from "../test-support/test-cloud.js";

const t = useTestCloud();
type Rejection = { error: { code: string }; rejected: { id: string; reason: string }[] };

const get = (token: string, url: string) =>
  t.cloud.app.inject({ method: "GET", url, headers: bearer(token) });

/** The test cloud's clock reads 2026-03-02 12:00Z: these hours are in its last 24 h. */
const HOUR = "2026-03-02T10:00:00.000Z";

function rollup(deviceId: string, changes: Partial<SensorRollup> = {}): SensorRollup {
  return {
    deviceId,
    key: "temp",
    hour: HOUR,
    version: 1,
    count: 2,
    min: 3,
    max: 5,
    sum: 8,
    firstAt: "2026-03-02T10:00:05.000Z",
    lastAt: "2026-03-02T10:59:00.000Z",
    ...changes,
  };
}

const rollupOp = (f: OpFactory, r: SensorRollup) =>
  f.op("sensor_rollup", sensorRollupEntityId(r), r.version === 1 ? "closed" : "corrected", r);

/**
 * device/created as the gateway uploads it (gateway/src/devices/devices.ts): the registry record, whose
 * schema names only its id so far (appliance-events.ts), hence rawOp.
 */
const deviceOp = (f: OpFactory, id: string, name: string) =>
  f.rawOp("device", id, "created", {
    id,
    slug: name.toLowerCase(),
    name,
    active: true,
    sensors: [{ key: "temp", kind: "temperature", unit: "°C", min: -40, max: 60 }],
    relays: [],
  });

describe("sensor rollups in the cloud", () => {
  let shop: Awaited<ReturnType<typeof ownerWithStore>>;
  let tillA: Awaited<ReturnType<typeof enrolledAppliance>>;
  let tillB: Awaited<ReturnType<typeof enrolledAppliance>>;
  const a = new OpFactory();
  const b = new OpFactory();
  const fridge = uuidv7();
  const freezerB = uuidv7();

  beforeAll(async () => {
    shop = await ownerWithStore(t.db.sql, t.cloud, "sensores");
    const storeB = await createStore(t.db.sql, shop.tenantId, "Sucursal B", t.cloud.clock);
    await createStore(t.db.sql, shop.tenantId, "Depósito sin equipos", t.cloud.clock);
    tillA = await enrolledAppliance(t.cloud, shop.token, shop.storeId, "Caja A");
    tillB = await enrolledAppliance(t.cloud, shop.token, storeB.id, "Caja B");
    expect((await ingest(t.cloud, tillB.token, [deviceOp(b, freezerB, "Freezer")])).statusCode).toBe(200);
  });

  it("keeps each hour's newest version whatever the order, and a replay changes nothing", async () => {
    // The device and its first hour in one batch (a device registered while the till was offline).
    const v1 = rollupOp(a, rollup(fridge));
    expect((await ingest(t.cloud, tillA.token, [deviceOp(a, fridge, "Heladera"), v1])).statusCode).toBe(200);
    const v3 = rollupOp(a, rollup(fridge, { version: 3, count: 4, min: -1, sum: 12 }));
    const v2 = rollupOp(a, rollup(fridge, { version: 2, count: 3, min: 2, sum: 10 }));
    expect((await ingest(t.cloud, tillA.token, [v3])).statusCode).toBe(200);
    expect((await ingest(t.cloud, tillA.token, [v2])).statusCode).toBe(200);
    const replay = await ingest(t.cloud, tillA.token, [v1, v2, v3]);
    expect(json(replay)).toMatchObject({ applied: 0, duplicates: 3 });
    // Two versions of another hour in one batch, the newer first.
    const next = { hour: "2026-03-02T11:00:00.000Z", firstAt: null, lastAt: null };
    const n2 = rollupOp(a, rollup(fridge, { ...next, version: 2, count: 1, min: 7, max: 7, sum: 7 }));
    const n1 = rollupOp(a, rollup(fridge, { ...next, count: 1, min: 6, max: 6, sum: 6 }));
    expect((await ingest(t.cloud, tillA.token, [n2, n1])).statusCode).toBe(200);

    const res = await get(shop.token, `/v1/dashboard/sensors?storeId=${shop.storeId}&range=24h`);
    expect(res.statusCode).toBe(200);
    expectAnswer(SensorHistoryAnswer, res);
    const answer = json<SensorHistoryAnswer>(res);
    expect(answer.series).toEqual([
      {
        deviceId: fridge,
        deviceName: "Heladera",
        key: "temp",
        kind: "temperature",
        unit: "°C",
        points: [
          { hour: HOUR, min: -1, max: 5, avg: 3, count: 4 },
          { hour: "2026-03-02T11:00:00.000Z", min: 7, max: 7, avg: 7, count: 1 },
        ],
      },
    ]);
    const storesRes = await get(shop.token, "/v1/dashboard/sensors/stores");
    expectAnswer(SensorStoresAnswer, storesRes);
    const stores = json<SensorStoresAnswer>(storesRes);
    expect(stores.stores.map((s) => s.name)).toEqual(["Local sensores", "Sucursal B"]);
  });

  it("shows the store's alarm history: raised, acknowledged and cleared", async () => {
    const id = uuidv7();
    const alarm = {
      id,
      deviceId: fridge,
      severity: 3,
      status: "cleared" as const,
      message: "Heladera caliente",
      raisedAt: "2026-03-02T09:10:00.000Z",
      updatedAt: "2026-03-02T09:40:00.000Z",
      acknowledgedAt: "2026-03-02T09:15:00.000Z",
      clearedAt: "2026-03-02T09:40:00.000Z",
    };
    expect((await ingest(t.cloud, tillA.token, [a.op("alarm", id, "cleared", alarm)])).statusCode).toBe(200);
    const answer = json<SensorHistoryAnswer>(
      await get(shop.token, `/v1/dashboard/sensors?storeId=${shop.storeId}&range=7d`),
    );
    expect(answer.alarms).toEqual([
      {
        id,
        deviceId: fridge,
        deviceName: "Heladera",
        severity: 3,
        state: "cleared",
        message: "Heladera caliente",
        raisedAt: alarm.raisedAt,
        acknowledgedAt: alarm.acknowledgedAt,
        clearedAt: alarm.clearedAt,
        updatedAt: alarm.updatedAt,
      },
    ]);
  });

  it("refuses per op an unknown device or sensor, another store's device and nonsense numbers, changing nothing", async () => {
    const before = await snapshot(t.db.owner);
    const bad = [
      rollupOp(a, rollup(uuidv7())),
      rollupOp(a, rollup(fridge, { key: "humedad" })),
      rollupOp(a, rollup(freezerB)),
      rollupOp(a, rollup(fridge, { min: 9, max: 5 })),
      rollupOp(a, rollup(fridge, { sum: 1000 })),
      rollupOp(a, rollup(fridge, { hour: "2026-03-02T10:30:00.000Z" })),
      rollupOp(a, rollup(fridge, { lastAt: "2026-03-02T12:00:00.000Z" })),
    ];
    const good = rollupOp(
      a,
      rollup(fridge, { hour: "2026-03-02T08:00:00.000Z", firstAt: null, lastAt: null }),
    );
    const res = await ingest(t.cloud, tillA.token, [...bad, good]);
    expect(res.statusCode).toBe(422);
    const reasons = new Map(json<Rejection>(res).rejected.map((r) => [r.id, r.reason]));
    expect(bad.map((op) => reasons.get(op.id))).toEqual([
      "El equipo del resumen no es de este local",
      'El equipo no declaró el sensor "humedad" del resumen',
      "El equipo del resumen no es de este local",
      "El mínimo del resumen supera su máximo",
      "El promedio del resumen queda fuera de su mínimo y máximo",
      "La hora del resumen no empieza en punto",
      "Una lectura del resumen cae fuera de su hora",
    ]);
    expect(reasons.has(good.id)).toBe(false);
    // Outside the schema (checked before any projection looks at the batch).
    const zero = a.rawOp("sensor_rollup", "x", "closed", { ...rollup(fridge), count: 0 });
    const schemaRes = await ingest(t.cloud, tillA.token, [zero, good]);
    expect(json<Rejection>(schemaRes).rejected).toEqual([
      { id: zero.id, reason: expect.stringContaining("count") },
    ]);
    expect(await snapshot(t.db.owner)).toBe(before);
  });

  it("keeps each tenant's rollups to itself (RLS), and another tenant's store is not found", async () => {
    const other = await ownerWithStore(t.db.sql, t.cloud, "otro");
    const count = (tenantId: string) =>
      t.db.sql.withTenant(tenantId, (q) =>
        q.query<{ n: number }>("SELECT count(*)::int AS n FROM sensor_rollups"),
      );
    expect((await count(shop.tenantId))[0]?.n).toBeGreaterThan(0);
    expect((await count(other.tenantId))[0]?.n).toBe(0);
    await expect(
      t.db.sql.withTenant(other.tenantId, (q) =>
        q.query(
          `INSERT INTO sensor_rollups (tenant_id, store_id, hour, device_id, sensor_key, version, count, min, max, sum)
           VALUES ($1, $2, $3, 'd', 'k', 1, 1, 1, 1, 1)`,
          [shop.tenantId, shop.storeId, HOUR],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    const res = await get(other.token, `/v1/dashboard/sensors?storeId=${shop.storeId}`);
    expect(res.statusCode).toBe(404);
    expect(json(await get(other.token, "/v1/dashboard/sensors/stores"))).toEqual({ stores: [] });
  });
});
