import type { Client } from "aedes";
import { type Ctx, isoNow, nowMs } from "@mostrador/kernel/core/context";
import type { DeviceCache } from "../devices/device-cache.js";
import { flushLastSeen, markDevicePresence } from "../devices/device-presence.js";
import { parseRelayState, RELAY_ON } from "@mostrador/contracts/mqtt/relay-state";
import { parseStatus, STATUS_ONLINE } from "@mostrador/contracts/mqtt/status";
import { parseReaderTap } from "@mostrador/contracts/mqtt/reader-tap";
import { acceptReading } from "../devices/readings.js";
import type { GatewayBus } from "../gateway-events.js";
import type { GatewayStats } from "./gateway-stats.js";
import type { Identity } from "./identity.js";
import { parsedTopics } from "./parsed-topic-cache.js";

type DeviceIdentity = Extract<Identity, { kind: "device" }>;

/** Re-exported: the cache lived here first and is shared with the topic policy now. */
export { ParsedTopicCache } from "./parsed-topic-cache.js";

/**
 * Turns accepted device traffic into GatewayBus events. The hot path (onPublish) reads only memory:
 * readings are validated against the cached registry and last-seen times are kept in a map that
 * flush() writes in one transaction now and then. SQLite is touched per connect/disconnect only.
 * Per message it allocates only the event it emits: topics come from ParsedTopicCache and last-seen
 * times are kept as epoch ms (turned into ISO strings once per flush, not once per message).
 */
export class DeviceIngest {
  /** slug → the client currently connected as that device (a reconnect replaces the old one). */
  readonly #connected = new Map<string, Client>();
  readonly #online = new Set<string>();
  /** deviceId → epoch ms of its latest message since the previous flush. */
  readonly #lastSeen = new Map<string, number>();
  readonly #topics = parsedTopics;

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
    const at = nowMs(this.ctx.clock);
    this.#lastSeen.set(device.deviceId, at);
    const parsed = this.#topics.parse(topic);
    if (!parsed) return;
    if (parsed.kind === "status") {
      const status = parseStatus(payload);
      // "offline" arrives as the device's last will, or from a device going to sleep cleanly. Anything
      // else (a control character, garbage) changes nothing and is counted: status text is never stored.
      if (status.ok) this.#setOnline(device, status.value === STATUS_ONLINE);
      else this.stats.malformedReading("bad_status");
      return;
    }
    if (parsed.kind === "reader_tap") {
      // A card tap: the UID is checked here (garbage counted, never forwarded); which till hears it is the
      // card readers' business (gateway/src/card-readers).
      const uid = parseReaderTap(payload);
      if (!uid.ok) {
        this.stats.malformedReading(`bad_card_tap_${uid.error.code}`);
        return;
      }
      this.bus.emit("reader.tap", {
        deviceId: device.deviceId,
        slug: device.slug,
        key: parsed.key,
        uid: uid.value,
        at,
      });
      return;
    }
    const cached = this.cache.get(device.slug);
    if (parsed.kind === "sensor_state") {
      const sensor = cached?.sensors.get(parsed.key);
      const reading = acceptReading(sensor, payload);
      if (!reading.ok || !sensor) {
        this.stats.malformedReading(reading.ok ? "undeclared_sensor" : reading.reason);
        return;
      }
      this.stats.readingsAccepted++;
      this.bus.emit("reading", {
        deviceId: device.deviceId,
        slug: device.slug,
        key: parsed.key,
        value: reading.value,
        unit: sensor.unit,
        at,
      });
      return;
    }
    if (parsed.kind === "relay_state") {
      const state = parseRelayState(payload);
      if (!state.ok) {
        this.stats.malformedReading("bad_relay_state");
        return;
      }
      const on = state.value === RELAY_ON;
      this.bus.emit("relay.state", { deviceId: device.deviceId, slug: device.slug, key: parsed.key, on, at });
    }
  }

  /** Writes the last-seen times gathered since the previous flush. */
  flush(): void {
    if (this.#lastSeen.size === 0) return;
    const batch = new Map<string, string>();
    for (const [deviceId, at] of this.#lastSeen) batch.set(deviceId, new Date(at).toISOString());
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
    const at = nowMs(this.ctx.clock);
    this.bus.emit(online ? "device.online" : "device.offline", {
      deviceId: device.deviceId,
      slug: device.slug,
      at,
    });
  }
}
