/**
 * A device's availability on mostrador/<device>/status, retained: "online" when it connects, "offline" as
 * its last will (the broker publishes it when the connection drops) or when it stops cleanly. ESPHome's
 * words; Home Assistant's availability and its own birth message (homeassistant/status) use the same.
 */
import { accepted, type PayloadResult, payloadText, refused } from "./payload-result.js";

export const STATUS_ONLINE = "online";
export const STATUS_OFFLINE = "offline";
export type DeviceStatus = typeof STATUS_ONLINE | typeof STATUS_OFFLINE;

export type StatusResult = PayloadResult<DeviceStatus, "not_a_status">;

/** Surrounding whitespace is ignored; anything else (a control character, garbage) is refused. */
export function parseStatus(payload: string | Uint8Array): StatusResult {
  const text = payloadText(payload).trim();
  if (text === STATUS_ONLINE || text === STATUS_OFFLINE) return accepted(text);
  return refused("not_a_status", 'El estado del equipo debe ser "online" u "offline"');
}

export function serializeStatus(online: boolean): DeviceStatus {
  return online ? STATUS_ONLINE : STATUS_OFFLINE;
}
