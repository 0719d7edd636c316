import { serializeRelayCommand } from "@mostrador/contracts/mqtt/relay-command";
import type { RelayState } from "@mostrador/contracts/mqtt/relay-state";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { topics } from "@mostrador/contracts/mqtt/topics";

export type { RelayState };
// A command's view is the HTTP contract's (contracts/src/http/relays.ts).
import type { CommandSource, RelayCommand } from "@mostrador/contracts/http/relays";

export interface RelayCommandInput {
  deviceId: string;
  key: string;
  state: RelayState;
  /** ON for this long, then OFF. */
  seconds?: number;
  source: CommandSource;
  ruleId?: string | null;
  staffId?: string | null;
}

/** What to publish once the command's transaction has committed. */
export interface Outgoing {
  command: RelayCommand;
  topic: string;
  payload: string;
}

const SELECT = `SELECT c.id, c.device_id AS deviceId, d.name AS deviceName, c.relay_key AS relayKey, c.state, c.seconds, c.source,
    c.rule_id AS ruleId, c.staff_id AS staffId, c.status, c.requested_at AS requestedAt, c.confirmed_at AS confirmedAt
  FROM relay_commands c LEFT JOIN devices d ON d.id = c.device_id`;

export function getRelayCommand(db: Db, id: string): RelayCommand {
  return stmt(db, `${SELECT} WHERE c.id = ?`).get(id) as RelayCommand;
}

import { COMMAND_PAGE_MAX } from "@mostrador/contracts/http/relays";

/** Newest first; optionally one device. */
export function listRelayCommands(db: Db, query: { deviceId?: string; limit?: number } = {}): RelayCommand[] {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), COMMAND_PAGE_MAX);
  return stmt(
    db,
    `${SELECT} WHERE (@deviceId IS NULL OR c.device_id = @deviceId) ORDER BY c.requested_at DESC, c.id DESC LIMIT @limit`,
  ).all({
    deviceId: query.deviceId ?? null,
    limit,
  }) as RelayCommand[];
}

/**
 * Records a relay command (pending until the device echoes it) inside the caller's transaction and
 * returns what to publish after commit. A newer command supersedes an unconfirmed older one for the same
 * relay, so only the latest can time out into a "did not confirm" alarm.
 */
export function recordRelayCommandTx(db: Db, input: RelayCommandInput, nowMs: number, at: string): Outgoing {
  const relay = stmt(
    db,
    `SELECT d.slug, d.active, r.max_on_seconds AS maxOn FROM devices d
       LEFT JOIN device_relays r ON r.device_id = d.id AND r.key = ? WHERE d.id = ?`,
  ).get(input.key, input.deviceId) as { slug: string; active: number; maxOn: number | null } | undefined;
  if (!relay) throw new DomainError("not_found", "device_not_found", "No existe ese equipo");
  if (relay.active !== 1) throw new DomainError("conflict", "device_inactive", "El equipo está dado de baja");
  if (relay.maxOn === null)
    throw new DomainError("not_found", "relay_not_found", `El equipo no tiene el relé "${input.key}"`);
  if (input.seconds !== undefined && input.state === "OFF") {
    throw new DomainError("invalid", "seconds_only_for_on", "La duración solo se indica al encender");
  }
  if (input.seconds !== undefined && input.seconds > relay.maxOn) {
    throw new DomainError(
      "invalid",
      "relay_seconds_over_failsafe",
      `Este relé no puede quedar encendido más de ${relay.maxOn} s`,
      {
        maxOnSeconds: relay.maxOn,
      },
    );
  }
  stmt(
    db,
    "UPDATE relay_commands SET status = 'superseded' WHERE device_id = ? AND relay_key = ? AND status = 'pending'",
  ).run(input.deviceId, input.key);
  const id = newId();
  stmt(
    db,
    `INSERT INTO relay_commands (id, device_id, relay_key, state, seconds, source, rule_id, staff_id, status, requested_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
  ).run(
    id,
    input.deviceId,
    input.key,
    input.state,
    input.seconds ?? null,
    input.source,
    input.ruleId ?? null,
    input.staffId ?? null,
    nowMs,
  );
  const command = getRelayCommand(db, id);
  enqueueOutbox(db, { entity: "relay_command", entityId: id, op: "requested", payload: command, at });
  const payload = serializeRelayCommand({ state: input.state, seconds: input.seconds });
  return { command, topic: topics.relaySet(relay.slug, input.key), payload };
}
