import type { DeviceRelay, DeviceSensor, RelayInput, SensorInput } from "@mostrador/contracts/http/devices";
import type { OpOf } from "@mostrador/contracts/sync/ops";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import type { Db } from "@mostrador/kernel/db/open";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import { assertUnderPlanLimit, planLimit } from "@mostrador/kernel/entitlements/limits";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { cleanChannels, cleanName, cleanSlug } from "./device-input.js";
import { hashDeviceSecret, newDeviceSecret } from "./device-secret.js";
import type { SensorKind } from "@mostrador/contracts/mqtt/sensor-kinds";

/** A device as the API shows it. Never carries the secret or its hash. */
// A device as the API answers it is the HTTP contract's (contracts/src/http/devices.ts).
import type { Device, DeviceWithSecret } from "@mostrador/contracts/http/devices";

export interface NewDevice {
  slug: string;
  name: string;
  sensors?: SensorInput[];
  relays?: RelayInput[];
}

export interface DevicePatch {
  name?: string;
  active?: boolean;
  /** Replaces the whole list when given. */
  sensors?: SensorInput[];
  relays?: RelayInput[];
}

interface DeviceRow {
  id: string;
  slug: string;
  name: string;
  secret_hash: string;
  active: number;
  online: number;
  last_seen_at: string | null;
  created_at: string;
  updated_at: string;
}

function readSensors(db: Db, deviceId: string): DeviceSensor[] {
  return db
    .prepare("SELECT key, kind, unit, min, max FROM device_sensors WHERE device_id = ? ORDER BY key")
    .all(deviceId) as { key: string; kind: SensorKind; unit: string; min: number; max: number }[];
}

function readRelays(db: Db, deviceId: string): DeviceRelay[] {
  return db
    .prepare(
      "SELECT key, name, max_on_seconds AS maxOnSeconds FROM device_relays WHERE device_id = ? ORDER BY key",
    )
    .all(deviceId) as DeviceRelay[];
}

function toDevice(db: Db, row: DeviceRow): Device {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    active: row.active === 1,
    online: row.online === 1,
    lastSeenAt: row.last_seen_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sensors: readSensors(db, row.id),
    relays: readRelays(db, row.id),
  };
}

function readRow(db: Db, id: string): DeviceRow {
  const row = db.prepare("SELECT * FROM devices WHERE id = ?").get(id) as DeviceRow | undefined;
  if (!row) throw new DomainError("not_found", "device_not_found", "Ese equipo no existe");
  return row;
}

export function getDevice(ctx: Ctx, id: string): Device {
  return toDevice(ctx.db, readRow(ctx.db, id));
}

export function listDevices(ctx: Ctx): Device[] {
  const rows = ctx.db
    .prepare("SELECT * FROM devices ORDER BY name COLLATE NOCASE, slug")
    .all() as DeviceRow[];
  return rows.map((r) => toDevice(ctx.db, r));
}

function writeChannels(db: Db, deviceId: string, sensors: DeviceSensor[], relays: DeviceRelay[]): void {
  db.prepare("DELETE FROM device_sensors WHERE device_id = ?").run(deviceId);
  db.prepare("DELETE FROM device_relays WHERE device_id = ?").run(deviceId);
  const sensor = db.prepare(
    "INSERT INTO device_sensors (device_id, key, kind, unit, min, max) VALUES (?, ?, ?, ?, ?, ?)",
  );
  for (const s of sensors) sensor.run(deviceId, s.key, s.kind, s.unit, s.min, s.max);
  const relay = db.prepare(
    "INSERT INTO device_relays (device_id, key, name, max_on_seconds) VALUES (?, ?, ?, ?)",
  );
  for (const r of relays) relay.run(deviceId, r.key, r.name, r.maxOnSeconds);
}

/** The record the cloud learns: the registry without secrets or connection state. */
function outboxPayload(device: Device) {
  const { online: _online, lastSeenAt: _lastSeen, ...rest } = device;
  return rest;
}

/** Audit + outbox for one registry write; call inside its transaction. */
function recordChange(
  ctx: Ctx,
  device: Device,
  op: OpOf<"device">,
  actor: Principal | undefined,
  details: object,
): void {
  recordAudit(ctx.db, {
    at: device.updatedAt,
    staffId: actor?.staffId ?? null,
    terminalId: actor?.terminalId ?? null,
    action: `device.${op}`,
    entity: "device",
    entityId: device.id,
    details: { slug: device.slug, ...details },
  });
  enqueueOutbox(ctx.db, {
    entity: "device",
    entityId: device.id,
    op,
    payload: outboxPayload(device),
    at: device.updatedAt,
  });
}

/** Registers a device. Its secret is returned here once; only its hash is kept. */
export function createDevice(ctx: Ctx, input: NewDevice, actor?: Principal): DeviceWithSecret {
  const slug = cleanSlug(input?.slug);
  const name = cleanName(input.name);
  const { sensors, relays } = cleanChannels(input.sensors, input.relays);
  const secret = newDeviceSecret();
  const id = newId();
  const at = isoNow(ctx);
  const device = ctx.db.transaction(() => {
    if (ctx.db.prepare("SELECT 1 FROM devices WHERE slug = ?").get(slug)) {
      throw new DomainError(
        "conflict",
        "device_slug_taken",
        `Ya hay un equipo con el identificador "${slug}"`,
      );
    }
    const active = ctx.db.prepare("SELECT count(*) AS n FROM devices WHERE active = 1").get() as {
      n: number;
    };
    assertUnderPlanLimit(ctx, "devices", active.n);
    ctx.db
      .prepare(
        "INSERT INTO devices (id, slug, name, secret_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(id, slug, name, hashDeviceSecret(secret), at, at);
    writeChannels(ctx.db, id, sensors, relays);
    const created = getDevice(ctx, id);
    recordChange(ctx, created, "created", actor, { name });
    return created;
  })();
  ctx.bus.emit("devices.changed", { deviceId: id });
  return { device, secret };
}

/** Issues a new secret; the old one stops working at once (a connected device is disconnected by the broker). */
export function rotateDeviceSecret(ctx: Ctx, id: string, actor?: Principal): DeviceWithSecret {
  const secret = newDeviceSecret();
  const at = isoNow(ctx);
  const device = ctx.db.transaction(() => {
    readRow(ctx.db, id);
    ctx.db
      .prepare("UPDATE devices SET secret_hash = ?, updated_at = ? WHERE id = ?")
      .run(hashDeviceSecret(secret), at, id);
    const rotated = getDevice(ctx, id);
    recordChange(ctx, rotated, "secret_rotated", actor, {});
    return rotated;
  })();
  ctx.bus.emit("devices.changed", { deviceId: id });
  return { device, secret };
}

/** Changes name, active flag, sensors or relays. The slug never changes: it is the device's MQTT identity. */
export function updateDevice(ctx: Ctx, id: string, patch: DevicePatch, actor?: Principal): Device {
  const current = getDevice(ctx, id);
  const name = patch.name === undefined ? current.name : cleanName(patch.name);
  if (patch.active !== undefined && typeof patch.active !== "boolean") {
    throw new DomainError("invalid", "invalid_active", "El campo active debe ser verdadero o falso");
  }
  const active = patch.active ?? current.active;
  const channels =
    patch.sensors === undefined && patch.relays === undefined
      ? null
      : cleanChannels(patch.sensors ?? current.sensors, patch.relays ?? current.relays);
  const at = isoNow(ctx);
  const device = ctx.db.transaction(() => {
    ctx.db
      .prepare("UPDATE devices SET name = ?, active = ?, updated_at = ? WHERE id = ?")
      .run(name, active ? 1 : 0, at, id);
    if (channels) writeChannels(ctx.db, id, channels.sensors, channels.relays);
    const updated = getDevice(ctx, id);
    const changed: Record<string, unknown> = {};
    if (name !== current.name) changed.name = name;
    if (active !== current.active) changed.active = active;
    if (channels)
      changed.channels = {
        sensors: channels.sensors.map((s) => s.key),
        relays: channels.relays.map((r) => r.key),
      };
    recordChange(ctx, updated, "updated", actor, changed);
    return updated;
  })();
  ctx.bus.emit("devices.changed", { deviceId: id });
  return device;
}

/** Stops a device from connecting (a stolen or retired node); its history stays. */
export function deactivateDevice(ctx: Ctx, id: string, actor?: Principal): Device {
  return updateDevice(ctx, id, { active: false }, actor);
}

/**
 * Whether the plan's device limit leaves room for this active device: the oldest active devices, up to
 * the limit, may connect to the broker (gateway/src/broker/authenticate.ts); a plan that lowered the
 * limit leaves the newest ones out until one is deactivated or the plan grows. One read per CONNECT.
 */
export function withinPlanDeviceLimit(ctx: Ctx, device: { id: string }): boolean {
  const limit = planLimit(ctx, "devices");
  if (limit === null) return true;
  const ahead = ctx.db
    .prepare(
      `SELECT count(*) AS n FROM devices d, devices me WHERE me.id = ? AND d.active = 1
         AND (d.created_at < me.created_at OR (d.created_at = me.created_at AND d.id < me.id))`,
    )
    .get(device.id) as { n: number };
  return ahead.n < limit;
}
