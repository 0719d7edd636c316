/**
 * The MQTT topic contract between ESP32 nodes and the gateway — the one place topics are defined.
 * Follows ESPHome's conventions, which ESP32 users already know:
 *
 *   mostrador/<device>/status                 retained "online" | "offline" (the device's last will)
 *   mostrador/<device>/sensor/<key>/state     a reading: a number ("4.7") or small JSON {"value":4.7,"unit":"°C"}
 *   mostrador/<device>/relay/<key>/set        command to the device: "ON" | "OFF" | {"state":"ON","seconds":600}
 *   mostrador/<device>/relay/<key>/state      the device's confirmed relay state: "ON" | "OFF"
 *
 * <device> is the device's slug (also its MQTT username and client id); <key> names one sensor or relay.
 * Both are [a-z0-9_-]{1,32}, so they are safe in topics, Home Assistant ids and C buffers alike.
 */

export const TOPIC_ROOT = "mostrador";
export const ID_PATTERN = /^[a-z0-9_-]{1,32}$/;
/** Deepest topic the contract uses (mostrador/dev/relay/key/state = 5 levels). */
export const MAX_TOPIC_LEVELS = 5;

export type DeviceTopic =
  | { kind: "status"; device: string }
  | { kind: "sensor_state"; device: string; key: string }
  | { kind: "relay_set"; device: string; key: string }
  | { kind: "relay_state"; device: string; key: string };

export const topics = {
  status: (device: string) => `${TOPIC_ROOT}/${device}/status`,
  sensorState: (device: string, key: string) => `${TOPIC_ROOT}/${device}/sensor/${key}/state`,
  relaySet: (device: string, key: string) => `${TOPIC_ROOT}/${device}/relay/${key}/set`,
  relayState: (device: string, key: string) => `${TOPIC_ROOT}/${device}/relay/${key}/state`,
} as const;

/** Parses a concrete topic (no wildcards) of the contract; null for anything else. */
export function parseTopic(topic: string): DeviceTopic | null {
  const parts = topic.split("/");
  if (parts[0] !== TOPIC_ROOT || parts.length > MAX_TOPIC_LEVELS) return null;
  const [, device, a, key, b] = parts;
  if (!device || !ID_PATTERN.test(device)) return null;
  if (parts.length === 3 && a === "status") return { kind: "status", device };
  if (parts.length !== 5 || !key || !ID_PATTERN.test(key)) return null;
  if (a === "sensor" && b === "state") return { kind: "sensor_state", device, key };
  if (a === "relay" && b === "set") return { kind: "relay_set", device, key };
  if (a === "relay" && b === "state") return { kind: "relay_state", device, key };
  return null;
}
