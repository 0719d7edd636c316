/**
 * The part of the MQTT contract Home Assistant speaks (MQTT discovery). The appliance announces each
 * device's sensors and relays as retained JSON configs under the discovery prefix; Home Assistant reads
 * readings, availability and relay states on the topics of topics.ts, sends relay commands in the
 * relay-command.ts payload, and announces its own (re)start on its status topic with status.ts's words.
 */
import { RELAY_OFF, RELAY_ON } from "./relay-state.js";
import { STATUS_OFFLINE, STATUS_ONLINE } from "./status.js";

/** Home Assistant's default discovery prefix. */
export const DISCOVERY_PREFIX = "homeassistant";
/** Where Home Assistant announces itself ("online" when it (re)connects, "offline" as its last will). */
export const HA_STATUS_TOPIC = `${DISCOVERY_PREFIX}/status`;

export type DiscoveryComponent = "sensor" | "binary_sensor" | "switch";

/** <prefix>/<component>/<node_id>/<object_id>/config; slug and key follow ids.ts, which HA's ids allow. */
export const discoveryTopic = (component: DiscoveryComponent, slug: string, key: string) =>
  `${DISCOVERY_PREFIX}/${component}/${slug}/${key}/config`;

/** The payloads a discovery config tells Home Assistant to expect and send: the contract's own. */
export const HA_PAYLOADS = {
  payload_available: STATUS_ONLINE,
  payload_not_available: STATUS_OFFLINE,
  payload_on: RELAY_ON,
  payload_off: RELAY_OFF,
} as const;
