import type { RejectedOp } from "@mostrador/contracts/http/cloud-ingest";
import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import { toRanges, unitsOfRanges } from "@mostrador/contracts/turnos/availability";
import type { Queryable } from "../db/sql.js";

/**
 * The cloud's side of the allotment handshake (docs/turnos.md). A grant becomes the cloud's own keyed
 * units (turno_allotment_units, PRIMARY KEY (tenant, owner, unit)) and an allotment row in state 'held':
 * that row going down the store's turno_allotments shape is the acknowledgement. A reclaim hands back,
 * in one transaction, every unit no online booking has, and says which (returned_ranges, down the shape).
 */

type Allotment = OpPayload<"turno_allotment", "granted">;

/**
 * The tenant's shape-log lock (the capture trigger of cloud 0003 takes it on every captured write), taken
 * FIRST by everything here that locks units: a booking (its row is captured, then its keys lock units)
 * and a reclaim (it locks units, then updates its captured allotment row) would otherwise wait for each
 * other in opposite orders, a deadlock. Re-entrant within the transaction.
 */
export const lockTenantShapes = (q: Queryable) =>
  q.query("SELECT pg_advisory_xact_lock(84300003, hashtext(current_tenant_id()::text))");

/** The most units one grant may carry: 90 days of one professional (the desk grants at most that). */
export const MAX_GRANT_UNITS = 90 * 288;

/**
 * Grants the cloud will not expand into unit rows: runs reversed or out of order, or more than 90 days of
 * units (an appliance's bug or a forged op must not make the cloud write millions of rows). Refused by
 * name before anything of the batch is applied.
 */
export function unfitGrants(ops: IngestOp[]): RejectedOp[] {
  const refused: RejectedOp[] = [];
  for (const op of ops) {
    if (op.op !== "granted") continue;
    const { ranges } = op.payload as Allotment;
    let total = 0;
    let last = -1;
    let bad = false;
    for (const [from, to] of ranges) {
      if (to <= from || from < last) bad = true;
      total += to - from;
      last = to;
    }
    if (bad || total > MAX_GRANT_UNITS)
      refused.push({
        id: op.id,
        reason: "Los turnos en línea dados a la nube están mal formados o superan los 90 días",
      });
  }
  return refused;
}

/**
 * A grant the cloud cannot use is given straight back (state returned, every range returned, no units):
 * a resource none of the store's services needs — the cloud keeps no resource rows, and units of another
 * store's room (a forged or confused op) would let this store's online bookings take what that store's desk
 * never gave. Checked when applied, after the batch's own services, so a grant uploaded with them is kept.
 */
async function unusableGrant(q: Queryable, storeId: string, a: Allotment): Promise<boolean> {
  if (a.resourceId === undefined) return false;
  const [known] = await q.query(
    "SELECT 1 FROM turno_services WHERE store_id = $1 AND resource_ids ? $2 LIMIT 1",
    [storeId, a.resourceId],
  );
  return !known;
}

export async function grantAllotment(q: Queryable, storeId: string, a: Allotment, now: Date): Promise<void> {
  if (await unusableGrant(q, storeId, a)) {
    await q.query(
      `INSERT INTO turno_allotments (tenant_id, id, store_id, professional_id, resource_id, start_at, end_at,
         state, granted_ranges, returned_ranges, granted_at, updated_at)
       VALUES (current_tenant_id(), $1, $2, $3, $4, $5, $6, 'returned', $7, $7, $8, $8)
       ON CONFLICT (tenant_id, id) DO NOTHING`,
      [
        a.id,
        storeId,
        a.professionalId,
        a.resourceId,
        a.start,
        a.end,
        JSON.stringify(a.ranges),
        now.toISOString(),
      ],
    );
    return;
  }
  const inserted = await q.query(
    `INSERT INTO turno_allotments (tenant_id, id, store_id, professional_id, resource_id, start_at, end_at,
       state, granted_ranges, granted_at, updated_at, purpose)
     VALUES (current_tenant_id(), $1, $2, $3, $8, $4, $5, 'held', $6, $7, $7, $9)
     ON CONFLICT (tenant_id, id) DO NOTHING RETURNING id`,
    [
      a.id,
      storeId,
      a.professionalId,
      a.start,
      a.end,
      JSON.stringify(a.ranges),
      now.toISOString(),
      a.resourceId ?? null,
      a.purpose ?? "online",
    ],
  );
  if (inserted.length === 0) return; // the same grant again (a resend)
  // A unit another allotment already holds stays that one's (the desk never grants a unit twice).
  await q.query(
    `INSERT INTO turno_allotment_units (tenant_id, owner_id, unit, allotment_id)
     SELECT current_tenant_id(), $1, u, $2 FROM unnest($3::int[]) AS u
     ON CONFLICT (tenant_id, owner_id, unit) DO NOTHING`,
    [a.resourceId ?? a.professionalId, a.id, unitsOfRanges(a.ranges)],
  );
}

async function appendReturned(q: Queryable, allotmentId: string, units: number[], now: Date): Promise<void> {
  await q.query(
    `UPDATE turno_allotments SET returned_ranges = returned_ranges || $2::jsonb, updated_at = $3 WHERE id = $1`,
    [allotmentId, JSON.stringify(toRanges(units)), now.toISOString()],
  );
}

/**
 * The desk asks an allotment back: its units no online booking holds are deleted (returned) and listed in
 * returned_ranges; booked ones stay the cloud's until their booking goes (then they are returned too).
 * The units are locked FOR UPDATE first: an online booking in flight (its key's foreign key holds a KEY
 * SHARE lock on the unit) commits before, and one that comes after finds the unit gone.
 */
export async function reclaimAllotment(q: Queryable, allotmentId: string, now: Date): Promise<void> {
  await lockTenantShapes(q);
  const [allotment] = await q.query<{ state: string }>(
    "SELECT state FROM turno_allotments WHERE id = $1 FOR UPDATE",
    [allotmentId],
  );
  if (!allotment || allotment.state === "returned") return;
  await q.query("SELECT unit FROM turno_allotment_units WHERE allotment_id = $1 FOR UPDATE", [allotmentId]);
  const returned = await q.query<{ unit: number }>(
    `DELETE FROM turno_allotment_units u WHERE u.allotment_id = $1
       AND NOT EXISTS (SELECT 1 FROM turno_online_keys k
                        WHERE k.tenant_id = u.tenant_id AND k.owner_id = u.owner_id AND k.unit = u.unit)
     RETURNING u.unit`,
    [allotmentId],
  );
  await q.query("UPDATE turno_allotments SET state = 'returned', updated_at = $2 WHERE id = $1", [
    allotmentId,
    now.toISOString(),
  ]);
  await appendReturned(
    q,
    allotmentId,
    returned.map((r) => r.unit),
    now,
  );
}

/**
 * An online booking leaves its units (cancelled, or moved by the desk or the patient): its keys go; the
 * units of an allotment already reclaimed are returned to the appliance rather than offered again.
 */
export async function releaseOnlineKeys(q: Queryable, bookingId: string, now: Date): Promise<void> {
  await lockTenantShapes(q);
  const freed = await q.query<{ owner_id: string; unit: number }>(
    "DELETE FROM turno_online_keys WHERE booking_id = $1 RETURNING owner_id, unit",
    [bookingId],
  );
  if (freed.length === 0) return;
  // A booking that needs a resource holds keys of two owners (its professional and its room).
  const gone = await q.query<{ allotment_id: string; unit: number }>(
    `DELETE FROM turno_allotment_units u USING turno_allotments a,
            unnest($1::text[], $2::int[]) AS f(owner_id, unit)
      WHERE a.tenant_id = u.tenant_id AND a.id = u.allotment_id AND a.state = 'returned'
        AND u.owner_id = f.owner_id AND u.unit = f.unit
      RETURNING u.allotment_id, u.unit`,
    [freed.map((f) => f.owner_id), freed.map((f) => f.unit)],
  );
  const byAllotment = new Map<string, number[]>();
  for (const g of gone) byAllotment.set(g.allotment_id, [...(byAllotment.get(g.allotment_id) ?? []), g.unit]);
  for (const [id, units] of byAllotment) await appendReturned(q, id, units, now);
}
