import { afterEach, describe, expect, it } from "vitest";
import { migrate } from "@mostrador/kernel/db/migrate";
import { loadApplianceMigrations } from "@mostrador/desktop/appliance/open-appliance-core";
import { type Db, openDatabase } from "@mostrador/kernel/db/open";
import { readings } from "./readings-query.js";
import { writeReadings } from "./telemetry-writer.js";

const T0 = Date.parse("2026-11-21T13:00:00.000Z");
let db: Db;
afterEach(() => db?.close());

describe("migration 0012: readings keyed by series id", () => {
  it("moves readings and rollups stored by device and key into series, losing nothing", () => {
    db = openDatabase(":memory:");
    const all = loadApplianceMigrations();
    migrate(
      db,
      all.filter((m) => m.version < 12),
    );
    const raw = db.prepare("INSERT INTO readings (device_id, key, at, value) VALUES (?, ?, ?, ?)");
    raw.run("dev-a", "temp", T0, 4.5);
    raw.run("dev-a", "temp", T0 + 1_000, 5.5);
    raw.run("dev-a", "hum", T0, 60);
    const hour = db.prepare(
      "INSERT INTO readings_hour (device_id, key, bucket_start, min, max, sum, count) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    // A series with only an old hour rollup left (its raw rows expired) keeps that history too.
    hour.run("dev-b", "temp", T0 - 86_400_000, 1, 3, 4, 2);
    db.prepare(
      "INSERT INTO readings_minute (device_id, key, bucket_start, min, max, sum, count) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ).run("dev-a", "temp", T0, 4.5, 5.5, 10, 2);

    expect(migrate(db, all)).toBe(all.length - 11);

    const q = { deviceId: "dev-a", key: "temp", from: T0, to: T0 + 60_000 };
    expect(readings(db, { ...q, resolution: "raw" })).toEqual([
      { at: T0, value: 4.5 },
      { at: T0 + 1_000, value: 5.5 },
    ]);
    expect(readings(db, { ...q, resolution: "minute" })).toEqual([
      { at: T0, min: 4.5, max: 5.5, avg: 5, count: 2 },
    ]);
    expect(readings(db, { ...q, key: "hum", resolution: "raw" })).toEqual([{ at: T0, value: 60 }]);
    expect(
      readings(db, { deviceId: "dev-b", key: "temp", from: T0 - 86_400_000, to: T0, resolution: "hour" }),
    ).toEqual([{ at: T0 - 86_400_000, min: 1, max: 3, avg: 2, count: 2 }]);
    expect(db.prepare("SELECT count(*) FROM reading_series").pluck().get()).toBe(3);

    // New readings of a migrated series land in the same series, not a second one.
    writeReadings(db, [{ deviceId: "dev-a", key: "temp", at: T0 + 2_000, value: 6.5 }]);
    expect(readings(db, { ...q, resolution: "raw" })).toHaveLength(3);
    expect(db.prepare("SELECT count(*) FROM reading_series").pluck().get()).toBe(3);
  });
});
