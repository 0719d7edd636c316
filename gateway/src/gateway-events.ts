import { EventEmitter } from "node:events";

/**
 * What the broker turns MQTT traffic into. Extensions (telemetry, rules, relays, discovery) listen here
 * and never hold the MQTT client themselves (zigbee2mqtt's rule). Times are epoch milliseconds from the
 * gateway's clock, so rules can be tested with a manual clock.
 */
export interface GatewayEvents {
  /** A device passed authentication and is connected. */
  "device.online": { deviceId: string; slug: string; at: number };
  /** A device disconnected (cleanly or by keepalive/last will). */
  "device.offline": { deviceId: string; slug: string; at: number };
  /** A validated reading from a declared sensor; invalid readings never get here (they are counted). */
  reading: { deviceId: string; slug: string; key: string; value: number; unit: string; at: number };
  /** A relay's state as confirmed by the device on .../relay/<key>/state. */
  "relay.state": { deviceId: string; slug: string; key: string; on: boolean; at: number };
}

export type GatewayEventName = keyof GatewayEvents;

export class GatewayBus {
  readonly #emitter = new EventEmitter();

  constructor() {
    // One listener per extension per event; more would mean a leak.
    this.#emitter.setMaxListeners(50);
  }

  emit<K extends GatewayEventName>(name: K, payload: GatewayEvents[K]): void {
    this.#emitter.emit(name, payload);
  }

  on<K extends GatewayEventName>(name: K, listener: (payload: GatewayEvents[K]) => void): () => void {
    this.#emitter.on(name, listener);
    return () => this.#emitter.off(name, listener);
  }
}
