import { openApplianceCore } from "@mostrador/desktop/appliance/open-appliance-core";
import { seedDemoShop } from "@mostrador/desktop/seed/demo-shop";
import { generateCatalog } from "@mostrador/desktop/seed/synthetic-catalog";
import { openBenchDevices } from "./gateway-fixture.js";
import type { PublisherSpec } from "./gateway-publishers.js";

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;

export interface StartShop {
  /** The devices' MQTT credentials: the benchmark connects as them. */
  publishers: PublisherSpec[];
  readings: { raw: number; minute: number; hour: number };
  seedSeconds: number;
}

/**
 * A shop's data folder as the appliance leaves it, closed: the demo shop (settings, staff, tills), `products`
 * more from generateCatalog, `devices` fridges with a probe and a rule each, and for `historyProbes` of them the
 * telemetry a year of one reading a minute leaves behind once retention (gateway/src/telemetry/retention.ts:
 * 7 days raw, 90 days of minute rollups, hour rollups forever) has run — written with bare SQL, the rows the
 * telemetry writer stores for such readings. (Minute rollups dominate: 129,600 rows per probe.)
 */
export function writeStartShop(
  dataDir: string,
  options: { products: number; devices: number; historyProbes: number; nowMs: number },
): StartShop {
  const t0 = process.hrtime.bigint();
  const ctx = openApplianceCore(dataDir);
  try {
    seedDemoShop(ctx);
    if (options.products > 0) generateCatalog(ctx, options.products);
    const publishers = openBenchDevices(ctx, options.devices);
    if (options.historyProbes > 0) writeYearOfReadings(ctx.db, options.historyProbes, options.nowMs);
    const count = (table: string) =>
      (ctx.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) ?? 0;
    return {
      publishers,
      readings: { raw: count("readings"), minute: count("readings_minute"), hour: count("readings_hour") },
      seedSeconds: Number(process.hrtime.bigint() - t0) / 1e9,
    };
  } finally {
    ctx.db.close();
  }
}

function writeYearOfReadings(
  db: ReturnType<typeof openApplianceCore>["db"],
  probes: number,
  nowMs: number,
): void {
  const thisMinute = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
  const thisHour = Math.floor(nowMs / 3_600_000) * 3_600_000;
  // i counts back from now; values wander between 4.0 and 6.9 °C.
  const series = (minutes: number) =>
    `WITH RECURSIVE m(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM m WHERE i < ${minutes})`;
  db.transaction(() => {
    db.prepare(
      "INSERT INTO reading_series (device_id, key) SELECT id, 'temp' FROM devices ORDER BY id LIMIT ?",
    ).run(probes);
    db.prepare(
      `INSERT INTO readings (at_us, series, value)
       ${series(7 * DAY_MINUTES)}
       SELECT (? - m.i * ${MINUTE_MS}) * 1000, s.id, 4 + ((m.i + s.id) % 30) / 10.0
       FROM m, reading_series s`,
    ).run(thisMinute);
    db.prepare(
      `INSERT INTO readings_minute (series, bucket_start, min, max, sum, count)
       ${series(90 * DAY_MINUTES)}
       SELECT s.id, ? - m.i * ${MINUTE_MS}, v, v, v, 1
       FROM reading_series s, (SELECT i, 4 + (i % 30) / 10.0 AS v FROM m) m`,
    ).run(thisMinute);
    db.prepare(
      `INSERT INTO readings_hour (series, bucket_start, min, max, sum, count)
       ${series(365 * 24)}
       SELECT s.id, ? - m.i * 3600000, 4.0, 6.9, 60 * 5.4, 60
       FROM reading_series s, m`,
    ).run(thisHour);
  })();
}
