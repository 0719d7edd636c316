import type { Client } from "aedes";
import { type Ctx, isoNow } from "../../../desktop/src/core/context.js";
import { parseTopic } from "../contract/topics.js";
import type { DeviceCache } from "../devices/device-cache.js";
import { flushLastSeen, markDevicePresence } from "../devices/device-presence.js";
import { parseReading, parseRelayState } from "../devices/readings.js";
import type { GatewayBus } from "../gateway-events.js";
import type { GatewayStats } from "./gateway-stats.js";
import type { Identity } from "./identity.js";

type DeviceIdentity = Extract<Identity, { kind: "device" }>;

/**
 * Turns accepted device traffic into GatewayBus events. The hot path (onPublish) reads only memory:
 * readings are validated against the cached registry and last-seen times are kept in a map that
 * flush() writes in one transaction now and then. SQLite is touched per connect/disconnect only.
 */
export class DeviceIngest {
  /** slug → the client currently connected as that device (a reconnect replaces the old one). */
  readonly #connected = new Map<string, Client>();
  readonly #online = new Set<string>();
  readonly #lastSeen = new Map<string, string>();

  constructor(
    private readonly ctx: Ctx,
    private readonly cache: DeviceCache,
    private readonly bus: GatewayBus,
    private readonly stats: GatewayStats,
  ) {}

  get onlineCount(): number {
    return this.#online.size;
  }

  onConnected(client: Client, device: DeviceIdentity): void {
    this.#connected.set(device.slug, client);
    this.#setOnline(device, true);
  }

  onDisconnected(client: Client, device: DeviceIdentity): void {
    // A takeover (same device reconnecting) closes the old client after the new one registered.
    if (this.#connected.get(device.slug) !== client) return;
    this.#connected.delete(device.slug);
    this.#setOnline(device, false);
  }

  onPublish(device: DeviceIdentity, topic: string, payload: Buffer): void {
    const at = this.ctx.clock.now();
    this.#lastSeen.set(device.deviceId, at.toISOString());
    const parsed = parseTopic(topic);
    if (!parsed) return;
    const base = { deviceId: device.deviceId, slug: device.slug, at: at.getTime() };
    if (parsed.kind === "status") {
      const text = payload.toString("utf8").trim();
      // "offline" arrives as the device's last will, or from a device going to sleep cleanly.
      if (text === "offline" || text === "online") this.#setOnline(device, text === "online");
      return;
    }
    const cached = this.cache.get(device.slug);
    if (parsed.kind === "sensor_state") {
      const sensor = cached?.sensors.get(parsed.key);
      const reading = parseReading(sensor, payload);
      if (!reading.ok || !sensor) {
        this.stats.malformedReading(reading.ok ? "undeclared_sensor" : reading.reason);
        return;
      }
      this.stats.readingsAccepted++;
      this.bus.emit("reading", { ...base, key: parsed.key, value: reading.value, unit: sensor.unit });
      return;
    }
    if (parsed.kind === "relay_state") {
      const on = parseRelayState(payload);
      if (on === null) {
        this.stats.malformedReading("bad_relay_state");
        return;
      }
      this.bus.emit("relay.state", { ...base, key: parsed.key, on });
    }
  }

  /** Writes the last-seen times gathered since the previous flush. */
  flush(): void {
    if (this.#lastSeen.size === 0) return;
    const batch = new Map(this.#lastSeen);
    this.#lastSeen.clear();
    flushLastSeen(this.ctx.db, batch);
  }

  #setOnline(device: DeviceIdentity, online: boolean): void {
    if (this.#online.has(device.slug) === online) return;
    if (online) this.#online.add(device.slug);
    else this.#online.delete(device.slug);
    try {
      markDevicePresence(this.ctx.db, device.deviceId, online, isoNow(this.ctx));
    } catch {
      // The database closing under a shutdown must not take the broker down; the next boot resets presence.
    }
    const at = this.ctx.clock.now().getTime();
    this.bus.emit(online ? "device.online" : "device.offline", {
      deviceId: device.deviceId,
      slug: device.slug,
      at,
    });
  }
}
