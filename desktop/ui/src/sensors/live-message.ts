/**
 * One MQTT message from the broker's WebSocket → what changed on screen. Topics and payloads are read by
 * the MQTT contract (@mostrador/contracts/mqtt), with the very parsers the gateway stores readings by, so
 * the till never shows a reading the gateway refused.
 */
import { parseMessage } from "@mostrador/contracts/mqtt/messages";
import type { RelayState } from "@mostrador/contracts/mqtt/relay-state";
import { STATUS_ONLINE } from "@mostrador/contracts/mqtt/status";

export type LiveUpdate =
  | { kind: "status"; slug: string; online: boolean }
  | { kind: "reading"; slug: string; key: string; value: number }
  | { kind: "relay"; slug: string; key: string; state: RelayState };

export function parseLiveMessage(topic: string, payload: string | Uint8Array): LiveUpdate | null {
  const m = parseMessage(topic, payload);
  if (!m?.payload.ok) return null;
  switch (m.kind) {
    case "status":
      return { kind: "status", slug: m.device, online: m.payload.value === STATUS_ONLINE };
    case "sensor_state":
      return { kind: "reading", slug: m.device, key: m.key, value: m.payload.value.value };
    case "relay_state":
      return { kind: "relay", slug: m.device, key: m.key, state: m.payload.value };
    case "relay_set":
      // The command, not the confirmed state: only the device's echo counts.
      return null;
    case "reader_tap":
      // A card tap reaches the screens as `card_tapped` on /api/events, bound to its till there.
      return null;
  }
}
