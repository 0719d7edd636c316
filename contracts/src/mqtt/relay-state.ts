/**
 * A relay's state as the device confirms it on mostrador/<device>/relay/<key>/state (retained), and as a
 * command names it: "ON" or "OFF", the way ESPHome and Tasmota spell them. The device's echo is read
 * leniently (surrounding whitespace, any case: some firmwares write "off"); what we write is always upper case.
 */
import { accepted, type PayloadResult, payloadText, refused } from "./payload-result.js";

export const RELAY_ON = "ON";
export const RELAY_OFF = "OFF";
export type RelayState = typeof RELAY_ON | typeof RELAY_OFF;

export type RelayStateResult = PayloadResult<RelayState, "not_a_state">;

export function parseRelayState(payload: string | Uint8Array): RelayStateResult {
  const text = payloadText(payload).trim().toUpperCase();
  if (text === RELAY_ON || text === RELAY_OFF) return accepted(text);
  return refused("not_a_state", 'El estado del relé debe ser "ON" u "OFF"');
}

export function serializeRelayState(on: boolean): RelayState {
  return on ? RELAY_ON : RELAY_OFF;
}
