import type { Clock } from "../core/clock.js";
import type { Sql } from "../db/sql.js";
import { listProductOverwrites } from "../catalog/overwrites.js";
import { forgetAppliedOps } from "../ingest/applied-ops-retention.js";
import { trimShapeLog } from "../shapes/shape-log.js";
import { SHAPE_TABLE_NAMES } from "../shapes/shape-tables.js";
import type { RetentionPolicy } from "./policy.js";

const DAY_MS = 86_400_000;

export interface RetentionRun {
  tenants: number;
  shapeLogRows: number;
  appliedOps: number;
  /** Tenants left whole this run: an owner's review still needs their old log rows. */
  deferred: string[];
}

/**
 * One pass over every tenant: trims each shape's log and forgets applied ops past their horizons.
 * appliance_events is not touched: it is the only copy of what has no projection yet (EVENT_ENTITIES:
 * staff, settings, devices, rules, invoices, cash movements, turnos...), see cloud/README.md.
 * A tenant with a cross-store product overwrite still waiting for the owner's decision (catalog
 * overwrites.ts, found by joining shape_log with applied_ops) is deferred until it is decided.
 */
export async function runRetention(sql: Sql, clock: Clock, policy: RetentionPolicy): Promise<RetentionRun> {
  const now = clock.now().getTime();
  const logBefore = new Date(now - policy.shapeLogKeepDays * DAY_MS);
  const opsBefore = new Date(now - policy.appliedOpsKeepDays * DAY_MS);
  const tenants = await sql.query<{ tenant: string }>("SELECT maintenance_tenants() AS tenant");
  const run: RetentionRun = { tenants: tenants.length, shapeLogRows: 0, appliedOps: 0, deferred: [] };
  for (const { tenant } of tenants) {
    if ((await listProductOverwrites(sql, tenant)).length > 0) {
      run.deferred.push(tenant);
      continue;
    }
    for (const table of SHAPE_TABLE_NAMES)
      run.shapeLogRows += await trimShapeLog(sql, tenant, table, logBefore);
    run.appliedOps += await forgetAppliedOps(sql, tenant, opsBefore, policy.batchSize);
  }
  return run;
}
