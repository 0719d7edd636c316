import { DomainError } from "@mostrador/kernel/core/errors";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";

// The points a chart gets are the HTTP contract's (contracts/src/http/telemetry.ts).
import type { RawPoint, Resolution, RollupPoint } from "@mostrador/contracts/http/telemetry";

/** At most this many points per answer: a chart of a year of raw readings would not fit in the tablet anyway. */
export const MAX_POINTS = 10_000;

/**
 * Longest span of raw readings one query may ask for. Raw readings are keyed by time first (0012), so one
 * sensor's are found by scanning every sensor's readings in the span on the till's own thread: an hour of 50
 * sensors at 1 Hz is 180.000 rows, a few milliseconds. Longer charts read the minute and hour rollups.
 */
export const MAX_RAW_SPAN_MS = 3_600_000;

export interface ReadingsQuery {
  deviceId: string;
  key: string;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  resolution: Resolution;
}

const FIND_SERIES = "SELECT id FROM reading_series WHERE device_id = ? AND key = ?";

/** The series of one sensor in [from, to), oldest first, raw or rolled up (avg = sum / count). */
export function readings(db: Db, q: ReadingsQuery): RawPoint[] | RollupPoint[] {
  if (!(q.to > q.from))
    throw new DomainError("invalid", "bad_range", "El final del período debe ser posterior al inicio");
  if (q.resolution === "raw" && q.to - q.from > MAX_RAW_SPAN_MS)
    throw new DomainError(
      "invalid",
      "raw_span_too_long",
      "Las lecturas sin agrupar se piden de a una hora como máximo; para más tiempo, por minuto u hora",
    );
  // A sensor that never reported has no series: its chart is empty.
  const series = stmt(db, FIND_SERIES).pluck().get(q.deviceId, q.key) as number | undefined;
  if (series === undefined) return [];
  if (q.resolution === "raw") {
    return stmt(
      db,
      // at_us is in microseconds (receive-stamps.ts); integer division gives back the millisecond.
      "SELECT at_us / 1000 AS at, value FROM readings WHERE at_us >= ? AND at_us < ? AND series = ? ORDER BY at_us LIMIT ?",
    ).all(q.from * 1000, q.to * 1000, series, MAX_POINTS) as RawPoint[];
  }
  const sql =
    q.resolution === "minute"
      ? "SELECT bucket_start AS at, min, max, sum, count FROM readings_minute WHERE series = ? AND bucket_start >= ? AND bucket_start < ? ORDER BY bucket_start LIMIT ?"
      : "SELECT bucket_start AS at, min, max, sum, count FROM readings_hour WHERE series = ? AND bucket_start >= ? AND bucket_start < ? ORDER BY bucket_start LIMIT ?";
  const rows = stmt(db, sql).all(series, q.from, q.to, MAX_POINTS) as (Omit<RollupPoint, "avg"> & {
    sum: number;
  })[];
  return rows.map(({ sum, ...r }) => ({ ...r, avg: sum / r.count }));
}
