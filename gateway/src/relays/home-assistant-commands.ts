import type { RelayCommand } from "@mostrador/contracts/http/relays";
import { parseRelayCommand } from "@mostrador/contracts/mqtt/relay-command";
import { DomainError } from "@mostrador/kernel/core/errors";

import type { RelayController } from "./relay-controller.js";

/**
 * A relay command asked for by Home Assistant on mostrador/<device>/relay/<key>/set. It never reaches the
 * device as Home Assistant sent it: it goes through the relay controller like POST
 * /api/devices/:id/relays/:key (recorded, confirmed by the device's echo, an alarm when it does not,
 * the failsafe's max on-time), which publishes it as the appliance. Throws a DomainError when refused.
 */
export function commandFromHomeAssistant(
  controller: RelayController | null,
  deviceId: string,
  key: string,
  payload: Buffer,
): RelayCommand {
  // The contract's payload (@mostrador/contracts/mqtt/relay-command): Home Assistant's switch sends
  // payload_on / payload_off as discovery announces them ("ON" / "OFF").
  const parsed = parseRelayCommand(payload);
  if (!parsed.ok) {
    throw new DomainError("invalid", "bad_relay_command", parsed.error.message, {
      reason: parsed.error.code,
    });
  }
  if (!controller) {
    throw new DomainError("unavailable", "gateway_not_running", "El control de relés no está en marcha");
  }
  return controller.command({ deviceId, key, ...parsed.value, source: "home_assistant", staffId: null });
}
