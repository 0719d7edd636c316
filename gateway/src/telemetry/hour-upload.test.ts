import { afterEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { syncPayloadErrors } from "@mostrador/contracts/sync/check-payload";
import { type SensorRollup, sensorRollupProblem } from "@mostrador/contracts/sync/sensors";
import { createDevice } from "../devices/devices.js";
import { uploadClosedHours, uploadHourBatch } from "./hour-upload.js";
import { HOUR_MS, writeReadings } from "./telemetry-writer.js";

let core: TestCore;
afterEach(() => core?.close());

const H0 = Date.parse("2026-11-21T13:00:00.000Z");

interface SentOp {
  op: string;
  entityId: string;
  payload: SensorRollup;
}
const sent = (): SentOp[] =>
  (
    core.db
      .prepare("SELECT op, entity_id, payload FROM outbox WHERE entity = 'sensor_rollup' ORDER BY seq")
      .all() as { op: string; entity_id: string; payload: string }[]
  ).map((r) => ({ op: r.op, entityId: r.entity_id, payload: JSON.parse(r.payload) as SensorRollup }));

/** A fridge with two sensors, registered as the till does (so the cloud knows it). */
function fridge(): string {
  return createDevice(core, {
    slug: "heladera",
    name: "Heladera",
    sensors: [
      { key: "temp", kind: "temperature" },
      { key: "hum", kind: "humidity" },
    ],
  }).device.id;
}

describe("hourly rollups to the cloud", () => {
  it("sends each closed hour once, whole, and leaves the open hour for later", () => {
    core = openTestCore();
    const id = fridge();
    writeReadings(core.db, [
      { deviceId: id, key: "temp", at: H0 + 60_000, value: 4 },
      { deviceId: id, key: "temp", at: H0 + 3_000_000, value: 6.5 },
      { deviceId: id, key: "hum", at: H0 + 120_000, value: 70 },
      { deviceId: id, key: "temp", at: H0 + HOUR_MS + 10_000, value: 5 },
    ]);
    // 14:00:30: hour 13 ended, but not a minute ago yet.
    expect(uploadHourBatch(core.db, H0 + HOUR_MS + 30_000)).toBe(0);
    expect(uploadHourBatch(core.db, H0 + HOUR_MS + 61_000)).toBe(2);
    expect(uploadHourBatch(core.db, H0 + HOUR_MS + 120_000)).toBe(0);
    const ops = sent();
    expect(ops.map((o) => o.op)).toEqual(["closed", "closed"]);
    expect(ops.find((o) => o.payload.key === "temp")).toEqual({
      op: "closed",
      entityId: `${id}/temp/2026-11-21T13:00:00.000Z`,
      payload: {
        deviceId: id,
        key: "temp",
        hour: "2026-11-21T13:00:00.000Z",
        version: 1,
        count: 2,
        min: 4,
        max: 6.5,
        sum: 10.5,
        firstAt: "2026-11-21T13:01:00.000Z",
        lastAt: "2026-11-21T13:50:00.000Z",
      },
    });
  });

  it("re-sends an already-sent hour corrected, once, when a late reading changes it", () => {
    core = openTestCore();
    const id = fridge();
    writeReadings(core.db, [{ deviceId: id, key: "temp", at: H0 + 1_000, value: 4 }]);
    const later = H0 + 2 * HOUR_MS;
    expect(uploadHourBatch(core.db, later)).toBe(1);
    writeReadings(core.db, [{ deviceId: id, key: "temp", at: H0 + 3_599_000, value: -2 }]);
    expect(uploadHourBatch(core.db, later)).toBe(1);
    expect(uploadHourBatch(core.db, later)).toBe(0);
    const [first, corrected] = sent();
    // What the cloud's ingest checks: the op map's schema and the fields against each other.
    for (const o of sent()) {
      expect(syncPayloadErrors("sensor_rollup", o.op, o.payload)).toEqual([]);
      expect(sensorRollupProblem(o.payload, o.entityId)).toBeNull();
    }
    expect(first).toMatchObject({ op: "closed", payload: { version: 1, count: 1, min: 4, max: 4 } });
    expect(corrected).toMatchObject({
      op: "corrected",
      entityId: first?.entityId,
      payload: { version: 2, count: 2, min: -2, max: 4, sum: 2, lastAt: "2026-11-21T13:59:59.000Z" },
    });
  });

  it("records an hour as sent only together with its outbox row", () => {
    core = openTestCore();
    const id = fridge();
    writeReadings(core.db, [{ deviceId: id, key: "temp", at: H0, value: 4 }]);
    core.db.exec(
      "CREATE TEMP TRIGGER no_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disco lleno'); END",
    );
    expect(() => uploadHourBatch(core.db, H0 + 2 * HOUR_MS)).toThrow("disco lleno");
    const count = (sql: string) => (core.db.prepare(sql).get() as { n: number }).n;
    expect(count("SELECT count(*) AS n FROM readings_hour_sent")).toBe(0);
    core.db.exec("DROP TRIGGER no_outbox");
    expect(uploadHourBatch(core.db, H0 + 2 * HOUR_MS)).toBe(1);
    expect(sent()).toHaveLength(1);
  });

  it("catches up a long backlog in bounded batches, oldest hour first, skipping unregistered devices and hours past the horizon", async () => {
    core = openTestCore();
    const id = fridge();
    const readings = [];
    for (let h = 0; h < 30; h++)
      for (const key of ["temp", "hum"]) readings.push({ deviceId: id, key, at: H0 + h * HOUR_MS, value: h });
    readings.push({ deviceId: "not-registered", key: "temp", at: H0, value: 1 });
    // Beyond the backfill horizon (35 days): stays on the appliance.
    readings.push({ deviceId: id, key: "temp", at: H0 - 40 * 24 * HOUR_MS, value: 1 });
    writeReadings(core.db, readings);
    const now = H0 + 40 * HOUR_MS;
    expect(uploadHourBatch(core.db, now, { batchRows: 2 })).toBeLessThanOrEqual(2);
    const rest = await uploadClosedHours(core.db, () => now, { batchRows: 2 });
    expect(rest).toBeGreaterThan(0);
    const ops = sent();
    expect(ops).toHaveLength(60);
    const hours = ops.map((o) => Date.parse(o.payload.hour));
    expect(hours).toEqual([...hours].sort((a, b) => a - b));
    expect(new Set(ops.map((o) => o.entityId)).size).toBe(60);
    expect(ops.every((o) => o.payload.deviceId === id && o.op === "closed")).toBe(true);
    expect(await uploadClosedHours(core.db, () => now)).toBe(0);
  });
});
