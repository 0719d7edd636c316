import type { Action, Rule } from "@mostrador/contracts/http/rules";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import { notifyOwner } from "@mostrador/kernel/notifications/notify-owner";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { type AlarmChange, clearOpenAlarmTx, emitAlarmChanges, raiseAlarmTx } from "../alarms/alarms.js";
import { type Outgoing, recordRelayCommandTx } from "../relays/relay-commands.js";
import type { RelayController } from "../relays/relay-controller.js";
import { type Evaluation, evaluate, type RuleEvent } from "./evaluate.js";
import { listRules, readRuleState, writeRuleState } from "./rule-store.js";
import type { RuleState } from "./rule-types.js";

interface Entry {
  rule: Rule;
  state: RuleState;
  dirty: boolean;
}

/**
 * Runs the rules: keeps them and their state in memory, evaluates each reading and tick with the pure
 * evaluate(), and commits a transition (state, alarm, relay commands, notification, log) in one
 * transaction. Small state changes (timers started, rate baselines) are flushed on the next tick, so a
 * burst of readings costs no writes; a restart loses at most one second of them, never a transition.
 */
export class RuleEngine {
  readonly #ctx: Ctx;
  readonly #relays: RelayController | null;
  #entries = new Map<string, Entry>();
  #byDevice = new Map<string, Entry[]>();
  /** Rules were written since load() ("rules.changed"): re-read them before the next event. */
  #stale = true;
  readonly #offRulesChanged: () => void;
  #timeZone = "America/Argentina/Buenos_Aires";
  /** Errors of actions that could not run (a relay of a retired device): logged, never fatal. */
  onError: (error: unknown) => void = (error) => console.error("reglas:", error);

  /** Without `relays` (the gateway's relay controller), relay actions fail and are reported by onError. */
  constructor(ctx: Ctx, relays: RelayController | null = null) {
    this.#ctx = ctx;
    this.#relays = relays;
    this.#offRulesChanged = ctx.bus.on("rules.changed", () => {
      this.#stale = true;
    });
  }

  /** Stops hearing rule edits (the rules extension's stop). */
  close(): void {
    this.#offRulesChanged();
  }

  /** Loads rules and their persisted state; offline timers resume from the device's stored last-seen time. */
  load(): void {
    const db = this.#ctx.db;
    this.#stale = false;
    this.#timeZone = getSettings(db).timeZone;
    const entries = new Map<string, Entry>();
    for (const rule of listRules(db)) {
      if (!rule.enabled) continue;
      const kept = this.#entries.get(rule.id);
      if (kept && kept.rule.updatedAt === rule.updatedAt) {
        entries.set(rule.id, kept);
        continue;
      }
      const state = readRuleState(db, rule.id);
      if (rule.condition.kind === "offline" && state.offlineSince === null) {
        const device = stmt(db, "SELECT online, last_seen_at AS lastSeenAt FROM devices WHERE id = ?").get(
          rule.deviceId,
        ) as { online: number; lastSeenAt: string | null } | undefined;
        if (device && device.online === 0 && device.lastSeenAt)
          state.offlineSince = Date.parse(device.lastSeenAt);
      }
      entries.set(rule.id, { rule, state, dirty: false });
    }
    this.#entries = entries;
    this.#byDevice = new Map();
    for (const e of entries.values()) {
      const list = this.#byDevice.get(e.rule.deviceId) ?? [];
      list.push(e);
      this.#byDevice.set(e.rule.deviceId, list);
    }
  }

  #fresh(): void {
    if (this.#stale) {
      this.flush();
      this.load();
    }
  }

  /** Feeds one event of a device to its rules. */
  handle(deviceId: string, event: RuleEvent): void {
    this.#fresh();
    const entries = this.#byDevice.get(deviceId);
    if (!entries) return;
    for (const entry of entries) {
      // Hot path (every reading): evaluate() answers "no change" to a reading of another sensor, since every
      // condition but "offline" names its sensor, so skip the call and the objects it would build.
      const c = entry.rule.condition;
      if (event.type === "reading" && c.kind !== "offline" && c.key !== event.key) continue;
      this.#step(entry, event);
    }
  }

  /** The timer: durations, offline minutes and schedule windows are checked here; then state is flushed. */
  tick(): void {
    this.#fresh();
    this.#timeZone = getSettings(this.#ctx.db).timeZone;
    const at = this.#ctx.clock.now().getTime();
    for (const entry of this.#entries.values()) this.#step(entry, { type: "tick", at });
    this.flush();
  }

  /** A staff member cleared the rule's alarm by hand: forget it was active, so a lasting condition raises again. */
  forgetActive(ruleId: string): void {
    const entry = this.#entries.get(ruleId);
    if (entry?.state.active) {
      entry.state = { ...entry.state, active: false, pendingSince: null };
      entry.dirty = true;
    }
  }

  /** Writes the state that changed since the last flush, in one transaction. */
  flush(): void {
    const dirty = [...this.#entries.values()].filter((e) => e.dirty);
    if (dirty.length === 0) return;
    const now = this.#ctx.clock.now().getTime();
    this.#ctx.db.transaction(() => {
      for (const e of dirty) writeRuleState(this.#ctx.db, e.rule.id, e.state, now);
    })();
    for (const e of dirty) e.dirty = false;
  }

  #step(entry: Entry, event: RuleEvent): void {
    const result = evaluate(entry.rule, entry.state, event, this.#timeZone);
    if (result.state !== entry.state) {
      entry.state = result.state;
      entry.dirty = true;
    }
    if (result.transition) this.#commit(entry, result);
  }

  #commit(entry: Entry, result: Evaluation): void {
    const { rule } = entry;
    const db = this.#ctx.db;
    const at = isoNow(this.#ctx);
    const nowMs = this.#ctx.clock.now().getTime();
    const changes: (AlarmChange | null)[] = [];
    const outgoing: Outgoing[] = [];
    const raising = result.transition === "raise";
    const relays = this.#relays;
    db.transaction(() => {
      writeRuleState(db, rule.id, entry.state, nowMs);
      log(
        rule,
        raising ? "raised" : "cleared",
        result.value,
        raising ? `Se cumplió: ${rule.name}` : `Se normalizó: ${rule.name}`,
      );
      if (!raising)
        changes.push(clearOpenAlarmTx(db, rule.id, rule.deviceId, at, "La condición se normalizó"));
      for (const action of raising ? rule.actions : rule.clearActions) run(action);
    })();
    entry.dirty = false;
    relays?.send(outgoing);
    emitAlarmChanges(this.#ctx.bus, changes);

    function log(r: Rule, kind: "raised" | "cleared" | "log", value: number | null, message: string) {
      stmt(
        db,
        "INSERT INTO rule_log (id, at, rule_id, device_id, event, value, message) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ).run(newId(), at, r.id, r.deviceId, kind, value, message);
    }
    const onError = (error: unknown) => this.onError(error);
    function run(action: Action) {
      switch (action.kind) {
        case "alarm":
          changes.push(
            raiseAlarmTx(
              db,
              {
                source: rule.id,
                ruleId: rule.id,
                deviceId: rule.deviceId,
                severity: action.severity,
                message: action.message,
                value: result.value,
              },
              at,
            ),
          );
          return;
        case "notify":
          notifyOwner(db, {
            kind: "rule",
            // One raise of one rule is one message, however often its op is uploaded.
            dedupeKey: `rule:${rule.id}:${at}`,
            ruleId: rule.id,
            ruleName: rule.name,
            deviceId: rule.deviceId,
            message: action.message,
            value: result.value,
            at,
          });
          return;
        case "log":
          log(rule, "log", result.value, action.message);
          return;
        case "relay":
          if (!relays) {
            log(
              rule,
              "log",
              result.value,
              `No se pudo mover el relé "${action.relayKey}": el gateway no está en marcha`,
            );
            return;
          }
          try {
            // A savepoint: a refused command (device retired) must not undo the alarm raised with it.
            const out = db.transaction(() =>
              recordRelayCommandTx(
                db,
                {
                  deviceId: rule.deviceId,
                  key: action.relayKey,
                  state: action.state,
                  seconds: action.seconds,
                  source: "rule",
                  ruleId: rule.id,
                },
                nowMs,
                at,
              ),
            )();
            outgoing.push(out);
          } catch (error) {
            onError(error);
            log(
              rule,
              "log",
              result.value,
              `No se pudo mover el relé "${action.relayKey}": ${(error as Error).message}`,
            );
          }
          return;
      }
    }
  }
}
