import { MAX_TOPIC_LEVELS, parseTopic, TOPIC_ROOT, topics } from "../contract/topics.js";
import type { CachedDevice } from "../devices/device-cache.js";
import type { Identity } from "./identity.js";

/** Why a publish was refused; each one has its own counter in the gateway stats. */
export type PublishRefusal =
  | "no_identity"
  | "sys_topic"
  | "topic_too_deep"
  | "payload_too_large"
  | "not_in_contract"
  | "foreign_device"
  | "set_topic"
  | "undeclared_key"
  | "read_only"
  | "not_allowed";

export interface PublishLimits {
  /** Largest payload a device or the UI may publish, in bytes. */
  maxPayloadBytes: number;
}

/** Home Assistant MQTT discovery: the appliance announces devices under this prefix. */
export const DISCOVERY_PREFIX = "homeassistant";

const levels = (topic: string) => topic.split("/").length;

/**
 * Deny by default: a device may publish only its own status, its declared sensors' states and its declared
 * relays' confirmed states — never a command (.../set), never another device's topics, never $SYS.
 * The appliance may publish relay commands and discovery; the UI may publish nothing.
 */
export function checkPublish(
  identity: Identity | null,
  device: CachedDevice | undefined,
  topic: string,
  payloadBytes: number,
  limits: PublishLimits,
): PublishRefusal | null {
  if (!identity) return "no_identity";
  if (topic.startsWith("$")) return "sys_topic";
  if (levels(topic) > MAX_TOPIC_LEVELS) return "topic_too_deep";
  if (identity.kind === "staff") return "read_only";
  if (identity.kind === "internal") {
    if (parseTopic(topic)?.kind === "relay_set" || topic.startsWith(`${DISCOVERY_PREFIX}/`)) return null;
    return "not_allowed";
  }
  if (payloadBytes > limits.maxPayloadBytes) return "payload_too_large";
  const parsed = parseTopic(topic);
  if (!parsed) return "not_in_contract";
  if (parsed.device !== identity.slug || !device || device.id !== identity.deviceId) return "foreign_device";
  switch (parsed.kind) {
    case "status":
      return null;
    case "relay_set":
      return "set_topic";
    case "sensor_state":
      return device.sensors.has(parsed.key) ? null : "undeclared_key";
    case "relay_state":
      return device.relays.has(parsed.key) ? null : "undeclared_key";
  }
}

/**
 * A device may subscribe only to its own relay commands (all of them with "+", or one key); the UI may
 * read everything under the topic root; the appliance anything. Refusals become SUBACK 128.
 */
export function checkSubscribe(identity: Identity | null, filter: string): boolean {
  if (!identity) return false;
  if (identity.kind === "internal") return true;
  if (filter.startsWith("$") || levels(filter) > MAX_TOPIC_LEVELS) return false;
  if (identity.kind === "staff") return filter === `${TOPIC_ROOT}/#` || filter.startsWith(`${TOPIC_ROOT}/`);
  if (filter === topics.relaySet(identity.slug, "+")) return true;
  const parsed = parseTopic(filter);
  return parsed?.kind === "relay_set" && parsed.device === identity.slug;
}

/** Second line of defence when delivering: a device never receives anything but its own commands. */
export function mayReceive(identity: Identity | null, topic: string): boolean {
  if (!identity) return false;
  if (identity.kind === "internal") return true;
  if (identity.kind === "staff") return topic.startsWith(`${TOPIC_ROOT}/`);
  const parsed = parseTopic(topic);
  return parsed?.kind === "relay_set" && parsed.device === identity.slug;
}
