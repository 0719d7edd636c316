import { type Rule, RuleInput, type RulePatch } from "@mostrador/contracts/http/rules";
import type { OpOf } from "@mostrador/contracts/sync/ops";
import { Value } from "@sinclair/typebox/value";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import { type AlarmChange, clearOpenAlarmTx, emitAlarmChanges } from "../alarms/alarms.js";
import { EMPTY_STATE, type RuleState } from "./rule-types.js";

interface RuleRow {
  id: string;
  name: string;
  enabled: number;
  device_id: string;
  condition: string;
  actions: string;
  clear_actions: string;
  schedule: string | null;
  created_at: string;
  updated_at: string;
}

const toRule = (r: RuleRow): Rule => ({
  id: r.id,
  name: r.name,
  enabled: r.enabled === 1,
  deviceId: r.device_id,
  condition: JSON.parse(r.condition),
  actions: JSON.parse(r.actions),
  clearActions: JSON.parse(r.clear_actions),
  schedule: r.schedule ? JSON.parse(r.schedule) : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

// The engine keeps rules in memory and re-reads them when it hears this, after the write committed.
const rulesChanged = (ctx: Ctx, ruleId: string) => ctx.bus.emit("rules.changed", { ruleId });

export function listRules(db: Db): Rule[] {
  return (
    stmt(db, "SELECT * FROM rules WHERE deleted_at IS NULL ORDER BY created_at, id").all() as RuleRow[]
  ).map(toRule);
}

export function getRule(db: Db, id: string): Rule {
  const row = stmt(db, "SELECT * FROM rules WHERE id = ? AND deleted_at IS NULL").get(id) as
    RuleRow | undefined;
  if (!row) throw new DomainError("not_found", "rule_not_found", "No existe esa regla");
  return toRule(row);
}

/**
 * Checks what the schema cannot: the device exists, the sensor and relays named are declared on it,
 * thresholds make sense (a clear threshold on the right side: hysteresis, not a contradiction).
 */
function checkRule(db: Db, input: RuleInput): void {
  if (!Value.Check(RuleInput, input)) {
    const first = [...Value.Errors(RuleInput, input)][0];
    throw new DomainError(
      "invalid",
      "invalid_rule",
      `La regla no es válida: ${first?.path || "/"} ${first?.message ?? ""}`.trim(),
    );
  }
  if (!stmt(db, "SELECT 1 FROM devices WHERE id = ?").get(input.deviceId)) {
    throw new DomainError("not_found", "device_not_found", "No existe ese equipo");
  }
  const c = input.condition;
  if (
    c.kind !== "offline" &&
    !stmt(db, "SELECT 1 FROM device_sensors WHERE device_id = ? AND key = ?").get(input.deviceId, c.key)
  ) {
    throw new DomainError("invalid", "unknown_sensor", `El equipo no tiene el sensor "${c.key}"`);
  }
  if (c.kind === "above" && c.clearBelow !== undefined && c.clearBelow > c.threshold) {
    throw new DomainError(
      "invalid",
      "bad_hysteresis",
      "El valor para normalizar debe ser menor o igual al umbral",
    );
  }
  if (c.kind === "below" && c.clearAbove !== undefined && c.clearAbove < c.threshold) {
    throw new DomainError(
      "invalid",
      "bad_hysteresis",
      "El valor para normalizar debe ser mayor o igual al umbral",
    );
  }
  if (c.kind === "outside" && !(c.min < c.max && (c.clearMargin ?? 0) * 2 <= c.max - c.min)) {
    throw new DomainError(
      "invalid",
      "bad_range",
      "El mínimo debe ser menor que el máximo (y el margen caber entre ambos)",
    );
  }
  for (const a of [...input.actions, ...(input.clearActions ?? [])]) {
    if (a.kind !== "relay") continue;
    const relay = stmt(
      db,
      "SELECT max_on_seconds AS max FROM device_relays WHERE device_id = ? AND key = ?",
    ).get(input.deviceId, a.relayKey) as { max: number } | undefined;
    if (!relay)
      throw new DomainError("invalid", "unknown_relay", `El equipo no tiene el relé "${a.relayKey}"`);
    if (a.seconds !== undefined && a.seconds > relay.max) {
      throw new DomainError(
        "invalid",
        "relay_seconds_over_failsafe",
        `El relé "${a.relayKey}" no puede quedar encendido más de ${relay.max} s`,
      );
    }
  }
}

function writeState(db: Db, ruleId: string, state: RuleState, nowMs: number): void {
  stmt(
    db,
    `INSERT INTO rule_state (rule_id, active, pending_since, base_value, base_at, offline_since, last_value, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (rule_id) DO UPDATE SET active = excluded.active, pending_since = excluded.pending_since,
       base_value = excluded.base_value, base_at = excluded.base_at, offline_since = excluded.offline_since,
       last_value = excluded.last_value, updated_at = excluded.updated_at`,
  ).run(
    ruleId,
    state.active ? 1 : 0,
    state.pendingSince,
    state.baseValue,
    state.baseAt,
    state.offlineSince,
    state.lastValue,
    nowMs,
  );
}

export { writeState as writeRuleState };

export function readRuleState(db: Db, ruleId: string): RuleState {
  const r = stmt(db, "SELECT * FROM rule_state WHERE rule_id = ?").get(ruleId) as
    | {
        active: number;
        pending_since: number | null;
        base_value: number | null;
        base_at: number | null;
        offline_since: number | null;
        last_value: number | null;
      }
    | undefined;
  if (!r) return { ...EMPTY_STATE };
  return {
    active: r.active === 1,
    pendingSince: r.pending_since,
    baseValue: r.base_value,
    baseAt: r.base_at,
    offlineSince: r.offline_since,
    lastValue: r.last_value,
  };
}

export interface Actor {
  staffId: string | null;
  terminalId: string | null;
}

function record(ctx: Ctx, rule: Rule, op: OpOf<"rule">, actor: Actor, at: string): void {
  enqueueOutbox(ctx.db, { entity: "rule", entityId: rule.id, op, payload: rule, at });
  recordAudit(ctx.db, {
    at,
    ...actor,
    action: `rule.${op}`,
    entity: "rule",
    entityId: rule.id,
    details: { name: rule.name },
  });
}

export function createRule(
  ctx: Ctx,
  input: RuleInput,
  actor: Actor = { staffId: null, terminalId: null },
): Rule {
  const at = isoNow(ctx);
  const rule = ctx.db.transaction(() => {
    checkRule(ctx.db, input);
    const id = newId();
    stmt(
      ctx.db,
      `INSERT INTO rules (id, name, enabled, device_id, condition, actions, clear_actions, schedule, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      input.name.trim(),
      input.enabled === false ? 0 : 1,
      input.deviceId,
      JSON.stringify(input.condition),
      JSON.stringify(input.actions),
      JSON.stringify(input.clearActions ?? []),
      input.schedule ? JSON.stringify(input.schedule) : null,
      at,
      at,
    );
    writeState(ctx.db, id, EMPTY_STATE, ctx.clock.now().getTime());
    const created = getRule(ctx.db, id);
    record(ctx, created, "created", actor, at);
    return created;
  })();
  rulesChanged(ctx, rule.id);
  return rule;
}

/**
 * Edits a rule. Its evaluation starts afresh (a new threshold makes the old timers meaningless) and an
 * alarm it had open is cleared, with the reason, so the till never shows an alarm of a rule that changed.
 */
export function updateRule(
  ctx: Ctx,
  id: string,
  patch: RulePatch,
  actor: Actor = { staffId: null, terminalId: null },
): Rule {
  const at = isoNow(ctx);
  let change: AlarmChange | null = null;
  const rule = ctx.db.transaction(() => {
    const current = getRule(ctx.db, id);
    const next: RuleInput = {
      name: patch.name ?? current.name,
      enabled: patch.enabled ?? current.enabled,
      deviceId: patch.deviceId ?? current.deviceId,
      condition: patch.condition ?? current.condition,
      actions: patch.actions ?? current.actions,
      clearActions: patch.clearActions ?? current.clearActions,
      schedule: patch.schedule === undefined ? current.schedule : patch.schedule,
    };
    checkRule(ctx.db, next);
    stmt(
      ctx.db,
      `UPDATE rules SET name = ?, enabled = ?, device_id = ?, condition = ?, actions = ?, clear_actions = ?, schedule = ?, updated_at = ?
       WHERE id = ?`,
    ).run(
      next.name.trim(),
      next.enabled === false ? 0 : 1,
      next.deviceId,
      JSON.stringify(next.condition),
      JSON.stringify(next.actions),
      JSON.stringify(next.clearActions ?? []),
      next.schedule ? JSON.stringify(next.schedule) : null,
      at,
      id,
    );
    writeState(ctx.db, id, EMPTY_STATE, ctx.clock.now().getTime());
    change = clearOpenAlarmTx(ctx.db, id, current.deviceId, at, "La regla se modificó");
    const updated = getRule(ctx.db, id);
    record(ctx, updated, "updated", actor, at);
    return updated;
  })();
  rulesChanged(ctx, rule.id);
  emitAlarmChanges(ctx.bus, [change]);
  return rule;
}

/** Deletes a rule (soft: alarms and history keep pointing at it) and clears its open alarm. */
export function deleteRule(ctx: Ctx, id: string, actor: Actor = { staffId: null, terminalId: null }): void {
  const at = isoNow(ctx);
  let change: AlarmChange | null = null;
  ctx.db.transaction(() => {
    const current = getRule(ctx.db, id);
    stmt(ctx.db, "UPDATE rules SET deleted_at = ?, enabled = 0, updated_at = ? WHERE id = ?").run(at, at, id);
    change = clearOpenAlarmTx(ctx.db, id, current.deviceId, at, "La regla se eliminó");
    record(ctx, current, "deleted", actor, at);
  })();
  rulesChanged(ctx, id);
  emitAlarmChanges(ctx.bus, [change]);
}
