import { query } from "@mostrador/contracts/http-client";
import { get, post } from "../api/client.js";
import type { CommandStatus, RelayCommand } from "@mostrador/contracts/http/relays";
import type { RelayState } from "@mostrador/contracts/mqtt/relay-state";

/** The gateway waits 5 s for the device's echo (relay-controller.ts); a little longer here before giving up. */
export const CONFIRM_WAIT_MS = 8_000;
const POLL_MS = 700;

/**
 * Sends a relay command (202: pending) and follows it until the device confirms it or the gateway marks it
 * unconfirmed. Calls `onStatus` with each status seen; resolves with the last one.
 */
export async function sendRelayCommand(
  deviceId: string,
  key: string,
  body: { state: RelayState; seconds?: number },
  onStatus: (status: CommandStatus) => void,
): Promise<CommandStatus> {
  const command = await post<RelayCommand>(
    `/api/devices/${encodeURIComponent(deviceId)}/relays/${encodeURIComponent(key)}`,
    body,
  );
  onStatus(command.status);
  const deadline = Date.now() + CONFIRM_WAIT_MS;
  let status = command.status;
  while (status === "pending" && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    try {
      const recent = await get<RelayCommand[]>(`/api/relays/commands${query({ deviceId, limit: 20 })}`);
      status = recent.find((c) => c.id === command.id)?.status ?? status;
    } catch {
      // A missed poll is retried; the deadline still applies.
    }
    onStatus(status);
  }
  return status;
}
