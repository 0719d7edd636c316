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
  /** A card tapped on a node's reader (mostrador/<slug>/reader/<key>/tap); `uid` already normalised (hex, as read). */
  "reader.tap": { deviceId: string; slug: string; key: string; uid: string; at: number };
}

export type GatewayEventName = keyof GatewayEvents;

/**
 * A typed bus with copy-on-write listener lists: `emit` runs once per accepted MQTT message, so it walks the
 * current array as it is (no copy per emit, as EventEmitter makes); `on` and `off` build a new array, so a
 * listener removed or added during an emit does not change that emit. A listener that throws stops the emit
 * and the error goes to the emitter, as with EventEmitter.
 */
export class GatewayBus {
  readonly #listeners = new Map<GatewayEventName, readonly ((payload: never) => void)[]>();

  emit<K extends GatewayEventName>(name: K, payload: GatewayEvents[K]): void {
    const listeners = this.#listeners.get(name) as
      readonly ((payload: GatewayEvents[K]) => void)[] | undefined;
    if (!listeners) return;
    for (let i = 0; i < listeners.length; i++) (listeners[i] as (payload: GatewayEvents[K]) => void)(payload);
  }

  on<K extends GatewayEventName>(name: K, listener: (payload: GatewayEvents[K]) => void): () => void {
    this.#listeners.set(name, [...(this.#listeners.get(name) ?? []), listener as (payload: never) => void]);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      const rest = [...(this.#listeners.get(name) ?? [])];
      // This registration only: a listener added twice stays subscribed once, as with EventEmitter.
      rest.splice(rest.lastIndexOf(listener as (payload: never) => void), 1);
      if (rest.length > 0) this.#listeners.set(name, rest);
      else this.#listeners.delete(name);
    };
  }
}
