import type { SegmentCount, SegmentView } from "@mostrador/contracts/http/cloud-campaigns";
import { type SegmentRule, segmentRuleError } from "@mostrador/contracts/marketing/segment-rules";
import { CloudError } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";
import { compileSegment } from "./segment-sql.js";
import { tenantTimeZone } from "./settings.js";

/** The rule, checked; a bad one is refused in Spanish naming where (nothing is saved). */
export function checkedRule(rule: unknown): SegmentRule {
  const error = segmentRuleError(rule);
  if (error) throw new CloudError("invalid", "bad_segment_rule", error);
  return rule as SegmentRule;
}

export interface SegmentMember {
  id: string;
  contact_id: string | null;
  name: string;
}

/** Who is in the segment now (evaluated on every use: a saved segment updates itself). */
export async function segmentMembers(q: Queryable, rule: SegmentRule, now: Date): Promise<SegmentMember[]> {
  const compiled = compileSegment(rule, now, await tenantTimeZone(q));
  return q.query<SegmentMember>(`${compiled.text} ORDER BY p.id`, compiled.params);
}

/** The live count, and how many of those may receive marketing per channel (opted in). */
export async function countRule(q: Queryable, rule: SegmentRule, now: Date): Promise<SegmentCount> {
  const compiled = compileSegment(rule, now, await tenantTimeZone(q));
  const [row] = await q.query<{ count: number; email: number; whatsapp: number }>(
    `WITH members AS (${compiled.text})
     SELECT count(*)::int AS count,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM messaging_consents k WHERE k.contact_id = members.contact_id
         AND k.channel = 'email' AND k.status = 'opted_in'))::int AS email,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM messaging_consents k WHERE k.contact_id = members.contact_id
         AND k.channel = 'whatsapp' AND k.status = 'opted_in'))::int AS whatsapp
     FROM members`,
    compiled.params,
  );
  return { count: row?.count ?? 0, optedIn: { email: row?.email ?? 0, whatsapp: row?.whatsapp ?? 0 } };
}

interface SegmentRow {
  id: string;
  name: string;
  rule: SegmentRule;
  updated_at: Date;
}

export async function getSegment(q: Queryable, id: string): Promise<SegmentRow> {
  const [row] = await q.query<SegmentRow>(`SELECT id, name, rule, updated_at FROM segments WHERE id = $1`, [
    id,
  ]);
  if (!row) throw new CloudError("not_found", "segment_not_found", "No existe ese segmento");
  return row;
}

async function view(q: Queryable, row: SegmentRow, now: Date): Promise<SegmentView> {
  return {
    id: row.id,
    name: row.name,
    rule: row.rule,
    count: (await countRule(q, row.rule, now)).count,
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function listSegments(q: Queryable, now: Date): Promise<SegmentView[]> {
  const rows = await q.query<SegmentRow>(`SELECT id, name, rule, updated_at FROM segments ORDER BY name, id`);
  const out: SegmentView[] = [];
  for (const row of rows) out.push(await view(q, row, now));
  return out;
}

export async function createSegment(
  q: Queryable,
  tenantId: string,
  body: { name: string; rule: unknown },
  now: Date,
): Promise<SegmentView> {
  const rule = checkedRule(body.rule);
  const id = newId();
  await q.query(
    `INSERT INTO segments (tenant_id, id, name, rule, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)`,
    [tenantId, id, body.name.trim(), JSON.stringify(rule), now],
  );
  return view(q, await getSegment(q, id), now);
}

export async function updateSegment(
  q: Queryable,
  id: string,
  body: { name: string; rule: unknown },
  now: Date,
): Promise<SegmentView> {
  const rule = checkedRule(body.rule);
  await getSegment(q, id);
  await q.query(`UPDATE segments SET name = $2, rule = $3, updated_at = $4 WHERE id = $1`, [
    id,
    body.name.trim(),
    JSON.stringify(rule),
    now,
  ]);
  return view(q, await getSegment(q, id), now);
}

/** A segment a campaign used stays (its results name it). */
export async function deleteSegment(q: Queryable, id: string): Promise<void> {
  await getSegment(q, id);
  const [used] = await q.query(`SELECT 1 FROM campaigns WHERE segment_id = $1 LIMIT 1`, [id]);
  if (used)
    throw new CloudError("conflict", "segment_in_use", "El segmento tiene campañas: no se puede borrar");
  await q.query(`DELETE FROM segments WHERE id = $1`, [id]);
}
