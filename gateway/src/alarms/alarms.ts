import { type AlarmStatus, LATCHING_SEVERITY } from "@mostrador/contracts/alarms";
import type { OpOf } from "@mostrador/contracts/sync/ops";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import type { EventBus } from "@mostrador/kernel/core/events";
import { newId } from "@mostrador/kernel/db/ids";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { recordAudit } from "@mostrador/kernel/staff/audit";

/** active / acknowledged / cleared_unacknowledged / cleared: see contracts/src/alarms.ts. */
export type { AlarmStatus };

// An alarm as the till sees it is the HTTP contract's (contracts/src/http/alarms.ts).
import type { Alarm } from "@mostrador/contracts/http/alarms";

/** The payload of the appliance's "alarm.changed" event. */
export interface AlarmChange {
  alarmId: string;
  status: AlarmStatus;
  severity: number;
  ruleId: string | null;
  deviceId: string;
}

const SELECT = `SELECT a.id, a.source, a.rule_id AS ruleId, r.name AS ruleName, a.device_id AS deviceId, d.name AS deviceName,
    a.severity, a.status, a.message, a.value, a.raise_count AS raiseCount, a.raised_at AS raisedAt, a.updated_at AS updatedAt,
    a.acknowledged_at AS acknowledgedAt, a.acknowledged_by AS acknowledgedBy, a.cleared_at AS clearedAt,
    a.cleared_by AS clearedBy, a.clear_reason AS clearReason
  FROM alarms a LEFT JOIN rules r ON r.id = a.rule_id LEFT JOIN devices d ON d.id = a.device_id`;

export function getAlarm(db: Db, id: string): Alarm | null {
  return (stmt(db, `${SELECT} WHERE a.id = ?`).get(id) as Alarm | undefined) ?? null;
}

import { ALARM_PAGE_MAX } from "@mostrador/contracts/http/alarms";

/**
 * "active" lists open alarms (active, acknowledged, or cleared but not yet acknowledged), most severe
 * first; "all" is the history, newest first.
 */
export function listAlarms(db: Db, query: { status?: "active" | "all"; limit?: number } = {}): Alarm[] {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), ALARM_PAGE_MAX);
  if (query.status === "all")
    return stmt(db, `${SELECT} ORDER BY a.raised_at DESC, a.id DESC LIMIT ?`).all(limit) as Alarm[];
  return stmt(
    db,
    `${SELECT} WHERE a.status <> 'cleared' ORDER BY a.severity DESC, a.raised_at DESC LIMIT ?`,
  ).all(limit) as Alarm[];
}

function changeOf(a: Alarm): AlarmChange {
  return { alarmId: a.id, status: a.status, severity: a.severity, ruleId: a.ruleId, deviceId: a.deviceId };
}

function outbox(db: Db, alarm: Alarm, op: OpOf<"alarm">, at: string): void {
  enqueueOutbox(db, { entity: "alarm", entityId: alarm.id, op, payload: alarm, at });
}

export interface RaiseInput {
  source: string;
  ruleId: string | null;
  deviceId: string;
  severity: number;
  message: string;
  value: number | null;
}

/**
 * Raises an alarm, or updates the open one of the same source and device (raise_count, value, severity):
 * one open alarm per rule and device. An open alarm that had cleared without being acknowledged is
 * active again (still unacknowledged). Must run inside the caller's transaction; emit the change after commit.
 */
export function raiseAlarmTx(db: Db, input: RaiseInput, at: string): AlarmChange {
  if (!db.inTransaction) throw new Error("raiseAlarmTx must run inside a transaction");
  const open = stmt(
    db,
    "SELECT id FROM alarms WHERE source = ? AND device_id = ? AND status <> 'cleared'",
  ).get(input.source, input.deviceId) as { id: string } | undefined;
  let id: string;
  if (open) {
    id = open.id;
    stmt(
      db,
      `UPDATE alarms SET raise_count = raise_count + 1, value = ?, severity = ?, message = ?, updated_at = ?,
         status = CASE status WHEN 'cleared_unacknowledged' THEN 'active' ELSE status END,
         cleared_at = CASE status WHEN 'cleared_unacknowledged' THEN NULL ELSE cleared_at END,
         clear_reason = CASE status WHEN 'cleared_unacknowledged' THEN NULL ELSE clear_reason END
       WHERE id = ?`,
    ).run(input.value, input.severity, input.message, at, id);
  } else {
    id = newId();
    stmt(
      db,
      `INSERT INTO alarms (id, source, rule_id, device_id, severity, status, message, value, raised_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?, ?)`,
    ).run(id, input.source, input.ruleId, input.deviceId, input.severity, input.message, input.value, at, at);
  }
  const alarm = getAlarm(db, id) as Alarm;
  outbox(db, alarm, open ? "updated" : "raised", at);
  return changeOf(alarm);
}

/**
 * The condition of a source and device cleared by itself (the door closed, the relay confirmed). Latching:
 * an alarm of severity "aviso" or more that nobody acknowledged stays open as `cleared_unacknowledged`
 * until a person does, so an alarm that came and went is still seen; an acknowledged one, or an info
 * one, closes (`cleared`). Inside the caller's transaction; null when nothing changed.
 */
export function clearOpenAlarmTx(
  db: Db,
  source: string,
  deviceId: string,
  at: string,
  reason: string,
): AlarmChange | null {
  const open = stmt(
    db,
    "SELECT id, status, severity FROM alarms WHERE source = ? AND device_id = ? AND status IN ('active', 'acknowledged')",
  ).get(source, deviceId) as { id: string; status: AlarmStatus; severity: number } | undefined;
  if (!open) return null;
  const latches = open.status === "active" && open.severity >= LATCHING_SEVERITY;
  stmt(db, "UPDATE alarms SET status = ?, cleared_at = ?, clear_reason = ?, updated_at = ? WHERE id = ?").run(
    latches ? "cleared_unacknowledged" : "cleared",
    at,
    reason,
    at,
    open.id,
  );
  const alarm = getAlarm(db, open.id) as Alarm;
  outbox(db, alarm, "cleared", at);
  return changeOf(alarm);
}

/** Announces committed alarm transitions to the till (badge via /api/events). Call after commit only. */
export function emitAlarmChanges(bus: EventBus, changes: readonly (AlarmChange | null)[]): void {
  for (const c of changes) if (c) bus.emit("alarm.changed", c);
}

function openAlarmOrThrow(db: Db, id: string): Alarm {
  const alarm = getAlarm(db, id);
  if (!alarm) throw new DomainError("not_found", "alarm_not_found", "No existe esa alarma");
  return alarm;
}

/**
 * A staff member has seen the alarm. An active one becomes acknowledged (someone is on it; it closes when
 * its condition clears); one whose condition already cleared closes. Only an unacknowledged alarm can be
 * acknowledged.
 */
export function acknowledgeAlarm(ctx: Ctx, id: string, staffId: string): Alarm {
  const at = isoNow(ctx);
  const alarm = ctx.db.transaction(() => {
    const current = openAlarmOrThrow(ctx.db, id);
    if (current.status !== "active" && current.status !== "cleared_unacknowledged") {
      throw new DomainError(
        "conflict",
        "alarm_not_active",
        current.status === "cleared" ? "La alarma ya se resolvió" : "La alarma ya fue reconocida",
        {
          status: current.status,
        },
      );
    }
    const next = current.status === "active" ? "acknowledged" : "cleared";
    stmt(
      ctx.db,
      "UPDATE alarms SET status = ?, acknowledged_at = ?, acknowledged_by = ?, updated_at = ? WHERE id = ?",
    ).run(next, at, staffId, at, id);
    const updated = getAlarm(ctx.db, id) as Alarm;
    outbox(ctx.db, updated, "acknowledged", at);
    recordAudit(ctx.db, {
      at,
      staffId,
      terminalId: null,
      action: "alarm.acknowledge",
      entity: "alarm",
      entityId: id,
    });
    return updated;
  })();
  emitAlarmChanges(ctx.bus, [changeOf(alarm)]);
  return alarm;
}

/**
 * Clears an open alarm by hand. The rule engine hears "alarm.changed" and forgets the rule's active state,
 * so a condition that is still true raises a new alarm after its duration instead of staying silent.
 */
export function clearAlarm(ctx: Ctx, id: string, staffId: string, reason = "Resuelta a mano"): Alarm {
  const at = isoNow(ctx);
  const alarm = ctx.db.transaction(() => {
    const current = openAlarmOrThrow(ctx.db, id);
    if (current.status === "cleared")
      throw new DomainError("conflict", "alarm_already_cleared", "La alarma ya se resolvió");
    // Whoever closes it by hand has seen it: it counts as acknowledged if nobody had.
    stmt(
      ctx.db,
      `UPDATE alarms SET status = 'cleared', cleared_at = COALESCE(cleared_at, ?), cleared_by = ?, clear_reason = ?,
         acknowledged_at = COALESCE(acknowledged_at, ?), acknowledged_by = COALESCE(acknowledged_by, ?), updated_at = ?
       WHERE id = ?`,
    ).run(at, staffId, reason, at, staffId, at, id);
    // Only a condition that still holds is forgotten; one that cleared by itself is already at rest.
    if (current.ruleId && current.status !== "cleared_unacknowledged") {
      stmt(ctx.db, "UPDATE rule_state SET active = 0, pending_since = NULL WHERE rule_id = ?").run(
        current.ruleId,
      );
    }
    const updated = getAlarm(ctx.db, id) as Alarm;
    outbox(ctx.db, updated, "cleared", at);
    recordAudit(ctx.db, {
      at,
      staffId,
      terminalId: null,
      action: "alarm.clear",
      entity: "alarm",
      entityId: id,
      details: { reason },
    });
    return updated;
  })();
  emitAlarmChanges(ctx.bus, [changeOf(alarm)]);
  return alarm;
}
