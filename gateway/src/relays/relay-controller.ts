import type { RelayCommand } from "@mostrador/contracts/http/relays";
import { serializeRelayState } from "@mostrador/contracts/mqtt/relay-state";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { type AlarmChange, clearOpenAlarmTx, emitAlarmChanges, raiseAlarmTx } from "../alarms/alarms.js";
import type { GatewayEvents } from "../gateway-events.js";
import {
  getRelayCommand,
  type Outgoing,
  type RelayCommandInput,
  recordRelayCommandTx,
} from "./relay-commands.js";

export type Publish = (topic: string, payload: string) => void;

export const DEFAULT_CONFIRM_TIMEOUT_MS = 5_000;
/** Alarm severity of a relay that did not confirm: 3, Grave (a valve or compressor may be in the wrong state). */
const UNCONFIRMED_SEVERITY = 3;

const alarmSource = (key: string) => `relay:${key}`;

/**
 * Sends relay commands and watches them: pending until the device echoes the state, an alarm when it does
 * not within the timeout, timed OFFs for "ON for N seconds", and the failsafe that switches OFF a relay
 * left ON longer than its max_on_seconds (the firmware does the same on its side; either one suffices).
 */
export class RelayController {
  readonly #ctx: Ctx;
  readonly #publish: Publish;
  readonly #timeoutMs: number;

  constructor(ctx: Ctx, publish: Publish, options: { confirmTimeoutMs?: number } = {}) {
    this.#ctx = ctx;
    this.#publish = publish;
    this.#timeoutMs = options.confirmTimeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS;
  }

  /** Records and publishes one command. Refusals (unknown relay, too long) throw and change nothing. */
  command(input: RelayCommandInput): RelayCommand {
    const nowMs = this.#ctx.clock.now().getTime();
    const out = this.#ctx.db.transaction(() =>
      recordRelayCommandTx(this.#ctx.db, input, nowMs, isoNow(this.#ctx)),
    )();
    this.send([out]);
    return out.command;
  }

  /** Publishes commands whose transaction has committed (the rule engine records them with its own writes). */
  send(outgoing: readonly Outgoing[]): void {
    for (const o of outgoing) this.#publish(o.topic, o.payload);
  }

  /** The device confirmed a state: settle the matching pending command, remember on-since and timed OFF. */
  onState(e: GatewayEvents["relay.state"]): void {
    const db = this.#ctx.db;
    const at = isoNow(this.#ctx);
    const state = serializeRelayState(e.on);
    const changes: (AlarmChange | null)[] = [];
    db.transaction(() => {
      const pending = stmt(
        db,
        "SELECT id, seconds FROM relay_commands WHERE device_id = ? AND relay_key = ? AND status IN ('pending', 'unconfirmed') AND state = ? ORDER BY requested_at DESC LIMIT 1",
      ).get(e.deviceId, e.key, state) as { id: string; seconds: number | null } | undefined;
      if (pending) {
        stmt(db, "UPDATE relay_commands SET status = 'confirmed', confirmed_at = ? WHERE id = ?").run(
          e.at,
          pending.id,
        );
        enqueueOutbox(db, {
          entity: "relay_command",
          entityId: pending.id,
          op: "confirmed",
          payload: getRelayCommand(db, pending.id),
          at,
        });
        changes.push(clearOpenAlarmTx(db, alarmSource(e.key), e.deviceId, at, "El relé confirmó"));
      }
      const prev = stmt(
        db,
        "SELECT is_on, on_since FROM relay_status WHERE device_id = ? AND relay_key = ?",
      ).get(e.deviceId, e.key) as { is_on: number; on_since: number | null } | undefined;
      const onSince = e.on ? (prev?.is_on === 1 && prev.on_since !== null ? prev.on_since : e.at) : null;
      const offAt = e.on && pending?.seconds ? e.at + pending.seconds * 1000 : null;
      stmt(
        db,
        `INSERT INTO relay_status (device_id, relay_key, is_on, on_since, off_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (device_id, relay_key) DO UPDATE SET is_on = excluded.is_on, on_since = excluded.on_since,
           off_at = CASE WHEN excluded.is_on = 0 THEN NULL ELSE coalesce(excluded.off_at, off_at) END, updated_at = excluded.updated_at`,
      ).run(e.deviceId, e.key, e.on ? 1 : 0, onSince, offAt, e.at);
    })();
    emitAlarmChanges(this.#ctx.bus, changes);
  }

  /** Timeouts, timed OFFs and the failsafe. Called every second by the gateway's tick. */
  tick(): void {
    const db = this.#ctx.db;
    const nowMs = this.#ctx.clock.now().getTime();
    const at = isoNow(this.#ctx);
    const changes: (AlarmChange | null)[] = [];
    const outgoing: Outgoing[] = [];
    db.transaction(() => {
      const late = stmt(
        db,
        "SELECT id, device_id AS deviceId, relay_key AS key, state FROM relay_commands WHERE status = 'pending' AND requested_at <= ?",
      ).all(nowMs - this.#timeoutMs) as { id: string; deviceId: string; key: string; state: string }[];
      for (const c of late) {
        stmt(db, "UPDATE relay_commands SET status = 'unconfirmed' WHERE id = ?").run(c.id);
        enqueueOutbox(db, {
          entity: "relay_command",
          entityId: c.id,
          op: "unconfirmed",
          payload: getRelayCommand(db, c.id),
          at,
        });
        changes.push(
          raiseAlarmTx(
            db,
            {
              source: alarmSource(c.key),
              ruleId: null,
              deviceId: c.deviceId,
              severity: UNCONFIRMED_SEVERITY,
              message: `El relé "${c.key}" no confirmó la orden ${c.state}`,
              value: null,
            },
            at,
          ),
        );
      }
      const on = stmt(
        db,
        `SELECT s.device_id AS deviceId, s.relay_key AS key, s.on_since AS onSince, s.off_at AS offAt, r.max_on_seconds AS maxOn
           FROM relay_status s JOIN device_relays r ON r.device_id = s.device_id AND r.key = s.relay_key
           JOIN devices d ON d.id = s.device_id AND d.active = 1
          WHERE s.is_on = 1
            AND NOT EXISTS (SELECT 1 FROM relay_commands c WHERE c.device_id = s.device_id AND c.relay_key = s.relay_key
                              AND c.status = 'pending' AND c.state = 'OFF')`,
      ).all() as { deviceId: string; key: string; onSince: number; offAt: number | null; maxOn: number }[];
      for (const r of on) {
        const source =
          r.offAt !== null && nowMs >= r.offAt
            ? "timer"
            : nowMs - r.onSince >= r.maxOn * 1000
              ? "failsafe"
              : null;
        if (source)
          outgoing.push(
            recordRelayCommandTx(db, { deviceId: r.deviceId, key: r.key, state: "OFF", source }, nowMs, at),
          );
      }
    })();
    this.send(outgoing);
    emitAlarmChanges(this.#ctx.bus, changes);
  }
}
