import {
  LEAD_STAGES,
  type InteractionBody,
  type Lead,
  type LeadDetail,
  type LeadsAnswer,
  type LeadStage,
  type NewLeadBody,
  type TaskBody,
} from "@mostrador/contracts/http/cloud-operator";
import { CloudError, isUniqueViolation } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";

/**
 * The operator's sales pipeline: leads (from the sign-up page, or typed in), stages contact → demo →
 * proposal → won / lost (each change kept, for conversion by stage), interactions and tasks.
 */

interface LeadRow {
  id: string;
  business_name: string;
  contact_name: string | null;
  email: string | null;
  phone: string | null;
  rubro: string | null;
  source: Lead["source"];
  stage: LeadStage;
  organization_id: string | null;
  created_at: Date;
  stage_changed_at: Date;
  open_tasks: number;
  overdue_tasks: number;
  next_due_at: Date | null;
}

const LEAD_SELECT = `
  SELECT l.*,
    (SELECT count(*) FROM lead_tasks t WHERE t.lead_id = l.id AND t.done_at IS NULL) AS open_tasks,
    (SELECT count(*) FROM lead_tasks t WHERE t.lead_id = l.id AND t.done_at IS NULL AND t.due_at < $1) AS overdue_tasks,
    (SELECT min(due_at) FROM lead_tasks t WHERE t.lead_id = l.id AND t.done_at IS NULL) AS next_due_at
  FROM leads l`;

const leadOf = (r: LeadRow): Lead => ({
  id: r.id,
  businessName: r.business_name,
  contactName: r.contact_name,
  email: r.email,
  phone: r.phone,
  rubro: r.rubro,
  source: r.source,
  stage: r.stage,
  tenantId: r.organization_id,
  createdAt: r.created_at.toISOString(),
  stageChangedAt: r.stage_changed_at.toISOString(),
  openTasks: Number(r.open_tasks),
  overdueTasks: Number(r.overdue_tasks),
  nextDueAt: r.next_due_at?.toISOString() ?? null,
});

const LEAD_NOT_FOUND = () => new CloudError("not_found", "lead_not_found", "No existe ese lead");
const bp = (part: number, whole: number) => (whole > 0 ? Math.round((part * 10_000) / whole) : null);

/** Every lead (overdue tasks first, then newest), with conversion by stage and by rubro. */
export async function listLeads(q: Queryable, now: Date): Promise<LeadsAnswer> {
  const rows = await q.query<LeadRow>(
    `${LEAD_SELECT} ORDER BY (SELECT count(*) FROM lead_tasks t WHERE t.lead_id = l.id AND t.done_at IS NULL
       AND t.due_at < $1) > 0 DESC, l.created_at DESC, l.id`,
    [now],
  );
  const reached = await q.query<{ stage: LeadStage; leads: number }>(
    `SELECT stage, count(DISTINCT lead_id) AS leads FROM (
       SELECT lead_id, to_stage AS stage FROM lead_stage_changes
       UNION ALL SELECT id, stage FROM leads) s
     GROUP BY stage`,
  );
  const total = rows.length;
  const reachedOf = new Map(reached.map((r) => [r.stage, Number(r.leads)]));
  // A lead further along passed the earlier stages even if nobody recorded them (moved straight to won).
  const order: LeadStage[] = ["contact", "demo", "proposal", "won"];
  const current = new Map<LeadStage, number>();
  for (const r of rows) current.set(r.stage, (current.get(r.stage) ?? 0) + 1);
  const byStage = LEAD_STAGES.map((stage) => {
    let count = reachedOf.get(stage) ?? 0;
    const index = order.indexOf(stage);
    if (index >= 0) {
      const later = order.slice(index + 1).reduce((sum, s) => sum + (current.get(s) ?? 0), 0);
      count = Math.min(total, Math.max(count, later + (current.get(stage) ?? 0)));
    }
    return { stage, reached: count, share: bp(count, total) };
  });
  const rubros = new Map<string, { leads: number; won: number }>();
  for (const r of rows) {
    const key = r.rubro ?? "";
    const entry = rubros.get(key) ?? { leads: 0, won: 0 };
    entry.leads += 1;
    if (r.stage === "won") entry.won += 1;
    rubros.set(key, entry);
  }
  const byRubro = [...rubros.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([rubro, e]) => ({ rubro, leads: e.leads, won: e.won, conversion: bp(e.won, e.leads) }));
  return { leads: rows.map(leadOf), conversion: { byStage, byRubro } };
}

export async function createLead(
  q: Queryable,
  body: NewLeadBody,
  operatorId: string,
  now: Date,
): Promise<Lead> {
  const id = newId();
  try {
    await q.query(
      `INSERT INTO leads (id, business_name, contact_name, email, phone, rubro, source, stage, created_at, stage_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'manual', 'contact', $7, $7)`,
      [
        id,
        body.businessName.trim(),
        body.contactName?.trim() || null,
        body.email?.trim().toLowerCase() ?? null,
        body.phone?.trim() || null,
        body.rubro?.trim() || null,
        now,
      ],
    );
  } catch (err) {
    if (isUniqueViolation(err))
      throw new CloudError("conflict", "lead_email_taken", "Ya hay un lead con ese email");
    throw err;
  }
  await q.query(
    "INSERT INTO lead_stage_changes (id, lead_id, from_stage, to_stage, operator_id, at) VALUES ($1, $2, NULL, 'contact', $3, $4)",
    [newId(), id, operatorId, now],
  );
  return readLead(q, id, now);
}

async function readLead(q: Queryable, id: string, now: Date): Promise<Lead> {
  const [row] = await q.query<LeadRow>(`${LEAD_SELECT} WHERE l.id = $2`, [now, id]);
  if (!row) throw LEAD_NOT_FOUND();
  return leadOf(row);
}

/** Moves a lead to another stage (any stage: a lost lead can come back); the same stage is refused. */
export async function moveLead(
  q: Queryable,
  id: string,
  stage: LeadStage,
  operatorId: string,
  now: Date,
): Promise<Lead> {
  const [row] = await q.query<{ stage: LeadStage }>("SELECT stage FROM leads WHERE id = $1 FOR UPDATE", [id]);
  if (!row) throw LEAD_NOT_FOUND();
  if (row.stage === stage) throw new CloudError("conflict", "same_stage", "El lead ya está en esa etapa");
  await q.query("UPDATE leads SET stage = $2, stage_changed_at = $3 WHERE id = $1", [id, stage, now]);
  await q.query(
    "INSERT INTO lead_stage_changes (id, lead_id, from_stage, to_stage, operator_id, at) VALUES ($1, $2, $3, $4, $5, $6)",
    [newId(), id, row.stage, stage, operatorId, now],
  );
  return readLead(q, id, now);
}

async function mustExist(q: Queryable, id: string): Promise<void> {
  const [row] = await q.query("SELECT 1 FROM leads WHERE id = $1", [id]);
  if (!row) throw LEAD_NOT_FOUND();
}

export async function addInteraction(
  q: Queryable,
  id: string,
  body: InteractionBody,
  operatorId: string,
  now: Date,
): Promise<void> {
  await mustExist(q, id);
  await q.query(
    "INSERT INTO lead_interactions (id, lead_id, kind, note, operator_id, at) VALUES ($1, $2, $3, $4, $5, $6)",
    [newId(), id, body.kind, body.note.trim() || body.note, operatorId, now],
  );
}

export async function addTask(
  q: Queryable,
  id: string,
  body: TaskBody,
  operatorId: string,
  now: Date,
): Promise<void> {
  await mustExist(q, id);
  const due = new Date(body.dueAt);
  if (Number.isNaN(due.getTime()))
    throw new CloudError("invalid", "bad_due_date", "La fecha de vencimiento no es válida");
  await q.query(
    "INSERT INTO lead_tasks (id, lead_id, title, due_at, operator_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    [newId(), id, body.title.trim() || body.title, due, operatorId, now],
  );
}

export async function completeTask(q: Queryable, id: string, taskId: string, now: Date): Promise<void> {
  const done = await q.query(
    "UPDATE lead_tasks SET done_at = $3 WHERE id = $2 AND lead_id = $1 AND done_at IS NULL RETURNING id",
    [id, taskId, now],
  );
  if (done.length === 0)
    throw new CloudError("not_found", "task_not_found", "No existe esa tarea pendiente de este lead");
}

export async function leadDetail(q: Queryable, id: string, now: Date): Promise<LeadDetail> {
  const lead = await readLead(q, id, now);
  const stages = await q.query<{ from_stage: LeadStage | null; to_stage: LeadStage; at: Date }>(
    "SELECT from_stage, to_stage, at FROM lead_stage_changes WHERE lead_id = $1 ORDER BY at, id",
    [id],
  );
  const interactions = await q.query<{
    id: string;
    kind: InteractionBody["kind"];
    note: string;
    email: string;
    at: Date;
  }>(
    `SELECT i.id, i.kind, i.note, o.email, i.at FROM lead_interactions i JOIN operators o ON o.id = i.operator_id
     WHERE i.lead_id = $1 ORDER BY i.at DESC, i.id DESC`,
    [id],
  );
  const tasks = await q.query<{ id: string; title: string; due_at: Date; done_at: Date | null }>(
    "SELECT id, title, due_at, done_at FROM lead_tasks WHERE lead_id = $1 ORDER BY done_at IS NOT NULL, due_at, id",
    [id],
  );
  return {
    lead,
    stages: stages.map((s) => ({ from: s.from_stage, to: s.to_stage, at: s.at.toISOString() })),
    interactions: interactions.map((i) => ({
      id: i.id,
      kind: i.kind,
      note: i.note,
      operatorEmail: i.email,
      at: i.at.toISOString(),
    })),
    tasks: tasks.map((t) => ({
      id: t.id,
      title: t.title,
      dueAt: t.due_at.toISOString(),
      doneAt: t.done_at?.toISOString() ?? null,
      overdue: t.done_at === null && t.due_at < now,
    })),
  };
}
