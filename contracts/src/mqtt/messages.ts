/**
 * The typed map of the MQTT contract: which payload travels on which topic, written once (zigbee2mqtt's
 * habit). `parseMessage` reads a topic and its payload together with the one parser each payload has;
 * whoever handles several kinds of message (the till's live view) goes through it, and the broker's hot
 * path calls the same parsers directly beside its cache of parsed topics.
 */
import type { PayloadResult } from "./payload-result.js";
import { parseReading, type Reading, type ReadingErrorCode } from "./reading.js";
import { parseRelayCommand, type RelayCommand, type RelayCommandErrorCode } from "./relay-command.js";
import { parseRelayState, type RelayState } from "./relay-state.js";
import { parseReaderTap, type ReaderTapResult } from "./reader-tap.js";
import { type DeviceStatus, parseStatus } from "./status.js";
import { type DeviceTopic, parseTopic } from "./topics.js";

/** Topic kind → the payload it carries and the codes its parser may refuse with. */
export interface MqttPayloads {
  status: PayloadResult<DeviceStatus, "not_a_status">;
  sensor_state: PayloadResult<Reading, ReadingErrorCode>;
  relay_set: PayloadResult<RelayCommand, RelayCommandErrorCode>;
  relay_state: PayloadResult<RelayState, "not_a_state">;
  /** A card's UID, upper-case hex (card-readers/uid.ts). */
  reader_tap: ReaderTapResult;
}

export type MqttMessage = {
  [K in DeviceTopic["kind"]]: Extract<DeviceTopic, { kind: K }> & { payload: MqttPayloads[K] };
}[DeviceTopic["kind"]];

const parsers: { [K in keyof MqttPayloads]: (payload: string | Uint8Array) => MqttPayloads[K] } = {
  status: parseStatus,
  sensor_state: parseReading,
  relay_set: parseRelayCommand,
  relay_state: parseRelayState,
  reader_tap: parseReaderTap,
};

/** A topic of the contract and its payload, parsed; null for a topic outside the contract. */
export function parseMessage(topic: string, payload: string | Uint8Array): MqttMessage | null {
  const t = parseTopic(topic);
  if (!t) return null;
  return { ...t, payload: parsers[t.kind](payload) } as MqttMessage;
}
