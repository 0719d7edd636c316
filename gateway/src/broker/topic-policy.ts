import { DISCOVERY_PREFIX, HA_STATUS_TOPIC } from "@mostrador/contracts/mqtt/home-assistant";
import { ID_PATTERN } from "@mostrador/contracts/mqtt/ids";
import { MAX_TOPIC_LEVELS, parseTopic, TOPIC_ROOT, topics } from "@mostrador/contracts/mqtt/topics";
import type { CachedDevice } from "../devices/device-cache.js";
import type { Identity } from "./identity.js";
import { parsedTopics } from "./parsed-topic-cache.js";

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
  | "not_allowed"
  | "unknown_device"
  | "inactive_device"
  /** Home Assistant's relay command was refused by the relay controller (bad payload, over the failsafe). */
  | "command_refused";

export interface PublishLimits {
  /** Largest payload a device or the UI may publish, in bytes. */
  maxPayloadBytes: number;
}

/**
 * Where the broker diverts a relay command Home Assistant published once the gateway has taken it over
 * (MQTT 3.1.1 cannot drop one accepted PUBLISH, so it is rerouted): "$" topics match no "#" or "+"
 * (MQTT-4.7.2-1) and mayReceive forwards it to nobody, so the device never gets HA's message itself.
 */
export const CONSUMED_TOPIC = "$mostrador/consumed";

/** What Home Assistant may read besides discovery: availability and confirmed states, never commands. */
const HA_READABLE = [
  `${TOPIC_ROOT}/+/status`,
  `${TOPIC_ROOT}/+/sensor/+/state`,
  `${TOPIC_ROOT}/+/relay/+/state`,
].map((filter) => filter.split("/"));

/** Topic levels, counted without split(): checkPublish runs once per message and split allocates an array. */
function levels(topic: string): number {
  let count = 1;
  for (let i = topic.indexOf("/"); i !== -1; i = topic.indexOf("/", i + 1)) count++;
  return count;
}

/**
 * Deny by default: a device may publish only its own status, its declared sensors' states, its declared
 * relays' confirmed states and card taps on its own reader topics — never a command (.../set), never another device's topics, never $SYS.
 * The appliance may publish relay commands and discovery; the UI may publish nothing; Home Assistant
 * below (checkHomeAssistantPublish).
 *
 * Per message this costs a map lookup, not a split and two regex tests: topics are parsed through the
 * shared ParsedTopicCache. Only the parse is cached, never a verdict: the answer is worked out again for
 * every message from the live `device` entry, so a deactivation, a removed sensor or relay, or a device
 * re-created under the same slug takes effect on the very next message (tests in topic-policy.test.ts).
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
  if (identity.kind === "home_assistant")
    return checkHomeAssistantPublish(device, topic, payloadBytes, limits);
  if (identity.kind === "internal") {
    if (parsedTopics.parse(topic)?.kind === "relay_set" || topic.startsWith(`${DISCOVERY_PREFIX}/`))
      return null;
    return "not_allowed";
  }
  if (payloadBytes > limits.maxPayloadBytes) return "payload_too_large";
  const parsed = parsedTopics.parse(topic);
  if (!parsed) return "not_in_contract";
  if (parsed.device !== identity.slug || !device || device.id !== identity.deviceId) return "foreign_device";
  // The broker drops a deactivated device on the registry reload; this refuses what it sent meanwhile.
  if (!device.active) return "inactive_device";
  switch (parsed.kind) {
    case "status":
      return null;
    case "relay_set":
      return "set_topic";
    case "sensor_state":
      return device.sensors.has(parsed.key) ? null : "undeclared_key";
    case "relay_state":
      return device.relays.has(parsed.key) ? null : "undeclared_key";
    case "reader_tap":
      // Its own reader topic only (checked above); which readers count is Ajustes' list of MQTT readers,
      // so a tap from a key nobody configured is dropped by the card readers, not refused here.
      return null;
  }
}

/**
 * Home Assistant may announce itself on homeassistant/status and ask for a command on a declared relay of
 * an active device (`device` is the one the topic names); the gateway then carries the command out
 * itself (broker.ts). Anything else is refused.
 */
function checkHomeAssistantPublish(
  device: CachedDevice | undefined,
  topic: string,
  payloadBytes: number,
  limits: PublishLimits,
): PublishRefusal | null {
  if (payloadBytes > limits.maxPayloadBytes) return "payload_too_large";
  if (topic === HA_STATUS_TOPIC) return null;
  const parsed = parsedTopics.parse(topic);
  if (parsed?.kind !== "relay_set") return "not_allowed";
  if (!device || device.slug !== parsed.device) return "unknown_device";
  if (!device.active) return "inactive_device";
  return device.relays.has(parsed.key) ? null : "undeclared_key";
}

/** A filter inside homeassistant/, or one of HA_READABLE with "+" or a concrete id where it has "+". */
function homeAssistantMaySubscribe(filter: string): boolean {
  const levels = filter.split("/");
  if (levels[0] === DISCOVERY_PREFIX) return levels.length > 1;
  return HA_READABLE.some(
    (pattern) =>
      pattern.length === levels.length &&
      pattern.every((p, i) => {
        const level = levels[i] ?? "";
        return p === "+" ? level === "+" || ID_PATTERN.test(level) : level === p;
      }),
  );
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
  if (identity.kind === "home_assistant") return homeAssistantMaySubscribe(filter);
  if (filter === topics.relaySet(identity.slug, "+")) return true;
  const parsed = parseTopic(filter);
  return parsed?.kind === "relay_set" && parsed.device === identity.slug;
}

/**
 * Second line of defence when delivering: a device never receives anything but its own commands, Home
 * Assistant only discovery, availability and states, and nobody a command diverted to CONSUMED_TOPIC.
 */
export function mayReceive(identity: Identity | null, topic: string): boolean {
  if (!identity || topic === CONSUMED_TOPIC) return false;
  if (identity.kind === "internal") return true;
  if (identity.kind === "staff") return topic.startsWith(`${TOPIC_ROOT}/`);
  const parsed = parsedTopics.parse(topic);
  if (identity.kind === "home_assistant") {
    if (topic.startsWith(`${DISCOVERY_PREFIX}/`)) return true;
    return parsed?.kind === "status" || parsed?.kind === "sensor_state" || parsed?.kind === "relay_state";
  }
  return parsed?.kind === "relay_set" && parsed.device === identity.slug;
}
