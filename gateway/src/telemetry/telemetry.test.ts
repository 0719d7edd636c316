import { afterEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { GatewayBus } from "../gateway-events.js";
import { readings } from "./readings-query.js";
import { pruneTelemetry, pruneTelemetryBatch } from "./retention.js";
import { createTelemetryExtension } from "./telemetry-extension.js";
import { writeReadings } from "./telemetry-writer.js";

let core: TestCore;
afterEach(() => core?.close());
const T0 = Date.parse("2026-11-21T13:00:00.000Z");
const DAY = 86_400_000;
const n = (sql: string) => (core.db.prepare(sql).get() as { n: number }).n;

describe("telemetry", () => {
  it("writes a burst of readings in one flush when the batch fills", () => {
    core = openTestCore();
    const bus = new GatewayBus();
    const ext = createTelemetryExtension(core, bus, { maxBatch: 500, flushMs: 60_000 });
    ext.start();
    for (let i = 0; i < 499; i++)
      bus.emit("reading", { deviceId: "d", slug: "d", key: "t", value: i, unit: "°C", at: T0 + i });
    expect(n("SELECT count(*) AS n FROM readings")).toBe(0);
    bus.emit("reading", { deviceId: "d", slug: "d", key: "t", value: 1, unit: "°C", at: T0 + 500 });
    expect(ext.buffer.flushes).toBe(1);
    expect(n("SELECT count(*) AS n FROM readings")).toBe(500);
    bus.emit("reading", { deviceId: "d", slug: "d", key: "t", value: 2, unit: "°C", at: T0 + 501 });
    ext.stop(); // stop writes what is still buffered
    expect(n("SELECT count(*) AS n FROM readings")).toBe(501);
    expect(ext.buffer.flushes).toBe(2);
  });

  it("flushes a trickle of readings on the timer", async () => {
    core = openTestCore();
    const bus = new GatewayBus();
    const ext = createTelemetryExtension(core, bus, { flushMs: 20 });
    ext.start();
    for (let i = 0; i < 10; i++)
      bus.emit("reading", { deviceId: "d", slug: "d", key: "t", value: i, unit: "°C", at: T0 + i });
    expect(n("SELECT count(*) AS n FROM readings")).toBe(0);
    await new Promise((r) => setTimeout(r, 80));
    expect(n("SELECT count(*) AS n FROM readings")).toBe(10);
    expect(ext.buffer.flushes).toBe(1);
    ext.stop();
  });

  it("keeps minute and hour rollups exact across batches (min, max, avg, count)", () => {
    core = openTestCore();
    writeReadings(core.db, [
      { deviceId: "d", key: "t", at: T0 + 1_000, value: 4 },
      { deviceId: "d", key: "t", at: T0 + 59_000, value: 6 },
      { deviceId: "d", key: "t", at: T0 + 61_000, value: 10 },
    ]);
    writeReadings(core.db, [
      { deviceId: "d", key: "t", at: T0 + 30_000, value: 2 },
      { deviceId: "d", key: "other", at: T0, value: 99 },
    ]);
    const q = { deviceId: "d", key: "t", from: T0, to: T0 + 3_600_000 };
    expect(readings(core.db, { ...q, resolution: "minute" })).toEqual([
      { at: T0, min: 2, max: 6, avg: 4, count: 3 },
      { at: T0 + 60_000, min: 10, max: 10, avg: 10, count: 1 },
    ]);
    expect(readings(core.db, { ...q, resolution: "hour" })).toEqual([
      { at: T0, min: 2, max: 10, avg: 5.5, count: 4 },
    ]);
    expect(
      readings(core.db, { ...q, resolution: "raw" }).map((p) => ("value" in p ? p.value : null)),
    ).toEqual([4, 2, 6, 10]);
    expect(() => readings(core.db, { ...q, to: T0, resolution: "raw" })).toThrow(/posterior/);
    // Raw readings are scanned by time across all sensors: an hour at most; rollups cover longer spans.
    expect(() => readings(core.db, { ...q, to: T0 + 3_600_001, resolution: "raw" })).toThrow(/una hora/);
    expect(readings(core.db, { ...q, to: T0 + 3_600_001, resolution: "minute" })).toHaveLength(2);
  });

  it("stores a batch that spans several multi-row INSERT sizes: every reading once, in order", () => {
    core = openTestCore();
    // 1777 = 1000 + 3 × 256 + 8 + 1: a full-batch chunk, three of 256, then two smaller statements.
    const burst = Array.from({ length: 1777 }, (_, i) => ({
      deviceId: "d",
      key: "t",
      at: T0 + i,
      value: i / 10,
    }));
    writeReadings(core.db, burst);
    writeReadings(core.db, [{ deviceId: "d", key: "t", at: T0 + 1777, value: 77.7 }]);
    const stored = readings(core.db, {
      deviceId: "d",
      key: "t",
      from: T0,
      to: T0 + 2_000,
      resolution: "raw",
    });
    const all = [...burst, { deviceId: "d", key: "t", at: T0 + 1777, value: 77.7 }];
    expect(stored).toEqual(all.map(({ at, value }) => ({ at, value })));
    const sum = all.reduce((s, r) => s + r.value, 0);
    expect(
      readings(core.db, { deviceId: "d", key: "t", from: T0, to: T0 + 60_000, resolution: "minute" }),
    ).toEqual([{ at: T0, min: 0, max: 177.6, avg: expect.closeTo(sum / 1778, 9), count: 1778 }]);
  });

  it("stop() writes what is buffered before returning and resolves once it is on disk", async () => {
    core = openTestCore();
    const bus = new GatewayBus();
    const ext = createTelemetryExtension(core, bus, { flushMs: 60_000 });
    ext.start();
    for (let i = 0; i < 3; i++)
      bus.emit("reading", { deviceId: "d", slug: "d", key: "t", value: i, unit: "°C", at: T0 + i });
    const stopped = ext.stop();
    expect(n("SELECT count(*) AS n FROM readings")).toBe(3);
    await expect(stopped).resolves.toBeUndefined();
    // Stopped means stopped: later readings are not buffered.
    bus.emit("reading", { deviceId: "d", slug: "d", key: "t", value: 9, unit: "°C", at: T0 + 9 });
    expect(ext.buffer.pending).toBe(0);
  });

  it("stores every reading of a burst that arrives within one millisecond, at that millisecond, in order", async () => {
    core = openTestCore();
    const bus = new GatewayBus();
    const ext = createTelemetryExtension(core, bus, { flushMs: 60_000 });
    ext.start();
    for (let i = 0; i < 5; i++)
      bus.emit("reading", { deviceId: "d", slug: "d", key: "t", value: i, unit: "°C", at: T0 });
    await ext.stop();
    const raw = readings(core.db, { deviceId: "d", key: "t", from: T0, to: T0 + 60_000, resolution: "raw" });
    expect(raw).toEqual([0, 1, 2, 3, 4].map((i) => ({ at: T0, value: i })));
  });

  it("retention deletes only raw rows older than N days and minute rollups older than 90, in batches", async () => {
    core = openTestCore();
    const old = Array.from({ length: 25 }, (_, i) => ({
      deviceId: "d",
      key: "t",
      at: T0 - 8 * DAY + i,
      value: i,
    }));
    writeReadings(core.db, [
      ...old,
      { deviceId: "d", key: "t", at: T0 - 6 * DAY, value: 1 },
      { deviceId: "d", key: "t", at: T0 - 100 * DAY, value: 7 },
    ]);
    const deleted = await pruneTelemetry(core.db, T0, { rawDays: 7, minuteDays: 90, batchSize: 10 });
    expect(n("SELECT count(*) AS n FROM readings")).toBe(1);
    expect(n("SELECT min(at_us) / 1000 AS n FROM readings")).toBe(T0 - 6 * DAY);
    expect(n("SELECT count(*) AS n FROM readings_minute")).toBe(2); // the 8-day and 6-day minutes; the 100-day one went
    expect(n("SELECT count(*) AS n FROM readings_hour")).toBe(3); // hour rollups are kept forever
    expect(deleted).toBe(26 + 1);
  });

  it("keeps one raw value when two writes share a sensor and millisecond (the later wins) while rollups count both", () => {
    core = openTestCore();
    writeReadings(core.db, [
      { deviceId: "d", key: "t", at: T0, value: 1 },
      { deviceId: "d", key: "t", at: T0, value: 3 }, // same statement
    ]);
    writeReadings(core.db, [{ deviceId: "d", key: "t", at: T0, value: 5 }]); // a later flush
    const q = { deviceId: "d", key: "t", from: T0, to: T0 + 60_000 };
    expect(readings(core.db, { ...q, resolution: "raw" })).toEqual([{ at: T0, value: 5 }]);
    expect(readings(core.db, { ...q, resolution: "minute" })).toEqual([
      { at: T0, min: 1, max: 5, avg: 3, count: 3 },
    ]);
  });

  it("retention deletes expired raw rows oldest first in bounded batches, even when sensors share a millisecond", async () => {
    core = openTestCore();
    const series = [
      ["a", "t"],
      ["a", "u"],
      ["b", "t"],
    ] as const;
    writeReadings(
      core.db,
      series.flatMap(([deviceId, key]) => [
        ...Array.from({ length: 7 }, (_, i) => ({ deviceId, key, at: T0 - 9 * DAY + i, value: i })),
        { deviceId, key, at: T0 - DAY, value: 42 },
      ]),
    );
    const policy = { rawDays: 7, minuteDays: 90, batchSize: 5 };
    // Three sensors per millisecond: a batch of 5 ends in the middle of one, and still deletes exactly 5.
    expect(pruneTelemetryBatch(core.db, T0, policy)).toBe(5);
    expect(await pruneTelemetry(core.db, T0, policy)).toBe(3 * 7 - 5);
    expect(
      core.db
        .prepare(
          "SELECT device_id, key, at_us / 1000 FROM readings JOIN reading_series s ON s.id = series ORDER BY series",
        )
        .raw()
        .all(),
    ).toEqual(series.map(([d, k]) => [d, k, T0 - DAY]));
  });

  it("drops a batch whose write fails, reports it, keeps running and stores the next batch under the right series", () => {
    core = openTestCore();
    const errors: unknown[] = [];
    const bus = new GatewayBus();
    const ext = createTelemetryExtension(core, bus, { flushMs: 60_000, onError: (e) => errors.push(e) });
    ext.start();
    // The series is new, so this flush creates its row in reading_series, then fails: all of it rolls back.
    core.db.exec(
      "CREATE TEMP TRIGGER disk_full BEFORE INSERT ON readings BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    bus.emit("reading", { deviceId: "d", slug: "d", key: "t", value: 1, unit: "°C", at: T0 });
    ext.buffer.flush();
    expect(errors).toHaveLength(1);
    expect(n("SELECT count(*) AS n FROM reading_series")).toBe(0);
    expect(ext.buffer.pending).toBe(0);

    core.db.exec("DROP TRIGGER disk_full");
    bus.emit("reading", { deviceId: "d", slug: "d", key: "t", value: 2, unit: "°C", at: T0 + 1 });
    ext.buffer.flush();
    expect(errors).toHaveLength(1);
    expect(
      readings(core.db, { deviceId: "d", key: "t", from: T0, to: T0 + 60_000, resolution: "raw" }),
    ).toEqual([{ at: T0 + 1, value: 2 }]);
    void ext.stop();
  });
});
