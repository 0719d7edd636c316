import type { Ctx } from "@mostrador/kernel/core/context";
import { SENSOR_KINDS, type SensorKind } from "@mostrador/contracts/mqtt/sensor-kinds";

/** What the broker needs about a sensor to validate a reading without touching SQLite. */
export interface CachedSensor {
  kind: SensorKind;
  unit: string;
  min: number;
  max: number;
  integer: boolean;
}

export interface CachedDevice {
  id: string;
  slug: string;
  active: boolean;
  secretHash: string;
  sensors: ReadonlyMap<string, CachedSensor>;
  relays: ReadonlySet<string>;
}

/**
 * The whole registry in memory, keyed by slug, reloaded after every registry write. A shop has tens of
 * devices, so a full reload is cheaper and simpler than patching; the MQTT hot path never reads SQLite.
 */
export class DeviceCache {
  #bySlug = new Map<string, CachedDevice>();
  readonly #unsubscribe: () => void;
  readonly #afterReload: ((previous: Map<string, CachedDevice>) => void)[] = [];

  readonly #db: Ctx["db"];

  /** Reloads on "devices.changed", which the registry emits after a write commits (devices/module.ts). */
  constructor(ctx: Pick<Ctx, "db" | "bus">) {
    this.#db = ctx.db;
    this.reload();
    this.#unsubscribe = ctx.bus.on("devices.changed", () => this.reload());
  }

  get(slug: string): CachedDevice | undefined {
    return this.#bySlug.get(slug);
  }

  all(): IterableIterator<CachedDevice> {
    return this.#bySlug.values();
  }

  /** Runs after each reload with the previous contents (the broker kicks deactivated or re-keyed devices). */
  onReload(listener: (previous: Map<string, CachedDevice>) => void): void {
    this.#afterReload.push(listener);
  }

  reload(): void {
    const devices = this.#db.prepare("SELECT id, slug, active, secret_hash FROM devices").all() as {
      id: string;
      slug: string;
      active: number;
      secret_hash: string;
    }[];
    const sensors = this.#db
      .prepare("SELECT device_id, key, kind, unit, min, max FROM device_sensors")
      .all() as {
      device_id: string;
      key: string;
      kind: SensorKind;
      unit: string;
      min: number;
      max: number;
    }[];
    const relays = this.#db.prepare("SELECT device_id, key FROM device_relays").all() as {
      device_id: string;
      key: string;
    }[];
    const next = new Map<string, CachedDevice>();
    const byId = new Map<string, { sensors: Map<string, CachedSensor>; relays: Set<string> }>();
    for (const d of devices) {
      const channels = { sensors: new Map<string, CachedSensor>(), relays: new Set<string>() };
      byId.set(d.id, channels);
      next.set(d.slug, {
        id: d.id,
        slug: d.slug,
        active: d.active === 1,
        secretHash: d.secret_hash,
        ...channels,
      });
    }
    for (const s of sensors) {
      byId.get(s.device_id)?.sensors.set(s.key, {
        kind: s.kind,
        unit: s.unit,
        min: s.min,
        max: s.max,
        integer: SENSOR_KINDS[s.kind]?.integer ?? false,
      });
    }
    for (const r of relays) byId.get(r.device_id)?.relays.add(r.key);
    const previous = this.#bySlug;
    this.#bySlug = next;
    for (const listener of this.#afterReload) listener(previous);
  }

  close(): void {
    this.#unsubscribe();
  }
}
