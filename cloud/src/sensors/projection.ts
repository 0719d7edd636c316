import type { RejectedOp } from "@mostrador/contracts/http/cloud-ingest";
import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import { type SensorRollup, sensorRollupProblem } from "@mostrador/contracts/sync/sensors";
import type { Queryable } from "../db/sql.js";
import type { IngestScope } from "../ingest/handlers.js";

/** One row per series and hour: two spellings of one instant are one key (the statement may touch a row once). */
const rowKey = (r: SensorRollup) => `${r.deviceId}/${r.key}/${Date.parse(r.hour)}`;

/**
 * sensor_rollup/closed|corrected: the latest version of each series' hour. A version at or below the one
 * kept (a replay, or an older correction arriving after a newer one) changes nothing.
 */
export async function applySensorRollups(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  const latest = new Map<string, SensorRollup>();
  for (const op of ops) {
    const r = op.payload as SensorRollup;
    const seen = latest.get(rowKey(r));
    if (!seen || seen.version < r.version) latest.set(rowKey(r), r);
  }
  if (latest.size === 0) return;
  await q.query(
    `INSERT INTO sensor_rollups (tenant_id, store_id, hour, device_id, sensor_key, version, count, min, max, sum,
       first_at, last_at)
     SELECT $1, $2, r.hour, r."deviceId", r.key, r.version, r.count, r.min, r.max, r.sum, r."firstAt", r."lastAt"
     FROM jsonb_to_recordset($3::jsonb) AS r(hour timestamptz, "deviceId" text, key text, version int, count int,
       min float8, max float8, sum float8, "firstAt" timestamptz, "lastAt" timestamptz)
     ON CONFLICT (tenant_id, store_id, hour, device_id, sensor_key) DO UPDATE SET version = excluded.version,
       count = excluded.count, min = excluded.min, max = excluded.max, sum = excluded.sum,
       first_at = excluded.first_at, last_at = excluded.last_at
     WHERE sensor_rollups.version < excluded.version`,
    [scope.tenantId, scope.storeId, JSON.stringify([...latest.values()])],
  );
}

/** The sensor keys a device op's payload declares (`sensors: [{key, ...}]`, gateway/src/devices). */
function declaredKeys(payload: unknown): string[] {
  const sensors = (payload as { sensors?: unknown } | null)?.sensors;
  if (!Array.isArray(sensors)) return [];
  return sensors.flatMap((s) => {
    const key = (s as { key?: unknown } | null)?.key;
    return typeof key === "string" ? [key] : [];
  });
}

/**
 * The rollups this store cannot have: numbers that contradict each other (sensorRollupProblem), or a
 * device or sensor its appliance never declared to the cloud (a device op of this store, kept in
 * appliance_events, or one in this same batch: a device registered offline travels with its first hours).
 * Each is refused alone and parked at the appliance; the rest of the batch goes on.
 */
export async function unfitSensorRollups(
  q: Queryable,
  scope: IngestScope,
  ops: IngestOp[],
  batch: readonly IngestOp[] = [],
): Promise<RejectedOp[]> {
  const refused: RejectedOp[] = [];
  const inBatch = new Set<string>();
  for (const op of batch)
    if (op.entity === "device")
      for (const key of declaredKeys(op.payload)) inBatch.add(`${op.entityId}/${key}`);
  const toCheck: { op: IngestOp; r: SensorRollup }[] = [];
  for (const op of ops) {
    const r = op.payload as SensorRollup;
    const problem = sensorRollupProblem(r, op.entityId);
    if (problem) refused.push({ id: op.id, reason: problem });
    else if (!inBatch.has(`${r.deviceId}/${r.key}`)) toCheck.push({ op, r });
  }
  if (toCheck.length === 0) return refused;
  const pairs = [...new Map(toCheck.map(({ r }) => [`${r.deviceId}/${r.key}`, r])).values()];
  const known = await q.query<{ device_id: string; key: string; device_known: boolean; key_known: boolean }>(
    `SELECT w.device_id, w.key,
       EXISTS (SELECT 1 FROM appliance_events e WHERE e.tenant_id = $2 AND e.entity = 'device'
         AND e.entity_id = w.device_id AND e.store_id = $3) AS device_known,
       EXISTS (SELECT 1 FROM appliance_events e
         CROSS JOIN LATERAL jsonb_array_elements(CASE jsonb_typeof(e.payload -> 'sensors')
           WHEN 'array' THEN e.payload -> 'sensors' ELSE '[]'::jsonb END) AS s
         WHERE e.tenant_id = $2 AND e.entity = 'device' AND e.entity_id = w.device_id AND e.store_id = $3
           AND s ->> 'key' = w.key) AS key_known
     FROM jsonb_to_recordset($1::jsonb) AS w(device_id text, key text)`,
    [
      JSON.stringify(pairs.map((r) => ({ device_id: r.deviceId, key: r.key }))),
      scope.tenantId,
      scope.storeId,
    ],
  );
  const verdict = new Map(known.map((k) => [`${k.device_id}/${k.key}`, k]));
  for (const { op, r } of toCheck) {
    const k = verdict.get(`${r.deviceId}/${r.key}`);
    if (!k?.device_known) refused.push({ id: op.id, reason: "El equipo del resumen no es de este local" });
    else if (!k.key_known)
      refused.push({ id: op.id, reason: `El equipo no declaró el sensor "${r.key}" del resumen` });
  }
  return refused;
}
