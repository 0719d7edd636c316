/**
 * One MQTT message from the broker's WebSocket → what changed on screen. Topics and payloads are read by
 * the MQTT contract's own parsers (@mostrador/contracts/mqtt), the very ones the gateway stores readings
 * by, so the till never shows a reading the gateway refused.
 */
import { parseReading } from "@mostrador/contracts/mqtt/reading";
import { parseRelayState, type RelayState } from "@mostrador/contracts/mqtt/relay-state";
import { parseStatus, STATUS_ONLINE } from "@mostrador/contracts/mqtt/status";
import { parseTopic } from "@mostrador/contracts/mqtt/topics";

export type LiveUpdate =
  | { kind: "status"; slug: string; online: boolean }
  | { kind: "reading"; slug: string; key: string; value: number }
  | { kind: "relay"; slug: string; key: string; state: RelayState };

export function parseLiveMessage(topic: string, payload: string | Uint8Array): LiveUpdate | null {
  const t = parseTopic(topic);
  if (!t) return null;
  if (t.kind === "status") {
    const status = parseStatus(payload);
    return status.ok ? { kind: "status", slug: t.device, online: status.value === STATUS_ONLINE } : null;
  }
  if (t.kind === "sensor_state") {
    const reading = parseReading(payload);
    return reading.ok ? { kind: "reading", slug: t.device, key: t.key, value: reading.value.value } : null;
  }
  // relay/<key>/set is the command, not the confirmed state: only the device's echo counts.
  if (t.kind === "relay_state") {
    const state = parseRelayState(payload);
    return state.ok ? { kind: "relay", slug: t.device, key: t.key, state: state.value } : null;
  }
  return null;
}
