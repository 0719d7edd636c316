/**
 * The MQTT topics between ESP32 nodes, the gateway, Home Assistant and the till, defined once. They follow
 * ESPHome's conventions, which ESP32 users already know:
 *
 *   mostrador/<device>/status                 retained status (status.ts), also the device's last will
 *   mostrador/<device>/sensor/<key>/state     a reading (reading.ts)
 *   mostrador/<device>/relay/<key>/set        command to the device (relay-command.ts)
 *   mostrador/<device>/relay/<key>/state      the device's confirmed relay state (relay-state.ts)
 *   mostrador/<device>/reader/<key>/tap       a card tapped on the device's card reader (reader-tap.ts)
 *
 * <device> is the device's slug (also its MQTT username and client id); <key> names one sensor or relay;
 * both follow ids.ts. The firmware's C header (firmware/lib/mostrador_core/src/contract.h) is generated
 * from these constants.
 */
import { ID_PATTERN } from "./ids.js";

export const TOPIC_ROOT = "mostrador";
/** The fixed levels of the topics above, by the name the firmware's header gives them. */
export const TOPIC_LEVEL = {
  status: "status",
  sensor: "sensor",
  relay: "relay",
  state: "state",
  set: "set",
  reader: "reader",
  tap: "tap",
} as const;
/** Deepest topic the contract uses (mostrador/dev/relay/key/state = 5 levels). */
export const MAX_TOPIC_LEVELS = 5;

export type DeviceTopic =
  | { kind: "status"; device: string }
  | { kind: "sensor_state"; device: string; key: string }
  | { kind: "relay_set"; device: string; key: string }
  | { kind: "relay_state"; device: string; key: string }
  | { kind: "reader_tap"; device: string; key: string };

const L = TOPIC_LEVEL;

export const topics = {
  status: (device: string) => `${TOPIC_ROOT}/${device}/${L.status}`,
  sensorState: (device: string, key: string) => `${TOPIC_ROOT}/${device}/${L.sensor}/${key}/${L.state}`,
  relaySet: (device: string, key: string) => `${TOPIC_ROOT}/${device}/${L.relay}/${key}/${L.set}`,
  relayState: (device: string, key: string) => `${TOPIC_ROOT}/${device}/${L.relay}/${key}/${L.state}`,
  readerTap: (device: string, key: string) => `${TOPIC_ROOT}/${device}/${L.reader}/${key}/${L.tap}`,
} as const;

/** Parses a concrete topic (no wildcards) of the contract; null for anything else. */
export function parseTopic(topic: string): DeviceTopic | null {
  const parts = topic.split("/");
  if (parts[0] !== TOPIC_ROOT || parts.length > MAX_TOPIC_LEVELS) return null;
  const [, device, a, key, b] = parts;
  if (!device || !ID_PATTERN.test(device)) return null;
  if (parts.length === 3 && a === L.status) return { kind: "status", device };
  if (parts.length !== 5 || !key || !ID_PATTERN.test(key)) return null;
  if (a === L.sensor && b === L.state) return { kind: "sensor_state", device, key };
  if (a === L.relay && b === L.set) return { kind: "relay_set", device, key };
  if (a === L.relay && b === L.state) return { kind: "relay_state", device, key };
  if (a === L.reader && b === L.tap) return { kind: "reader_tap", device, key };
  return null;
}
