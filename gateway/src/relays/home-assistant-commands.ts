import type { Ctx } from "../../../desktop/src/core/context.js";
import { DomainError } from "../../../desktop/src/core/errors.js";
import type { RelayCommand, RelayState } from "./relay-commands.js";
import { relayControllerFor } from "./relay-controller.js";

/** Longest "ON for N seconds" the contract carries (the relay's own max_on_seconds is checked after). */
const MAX_SECONDS = 86_400;

export interface HomeAssistantCommand {
  state: RelayState;
  seconds?: number;
}

/**
 * A command payload of the topic contract (topics.ts): "ON" | "OFF" | {"state":"ON","seconds":600}.
 * Home Assistant's switch sends payload_on / payload_off as discovery announces them ("ON" / "OFF").
 * Null for anything else.
 */
export function parseRelayCommandPayload(payload: Buffer): HomeAssistantCommand | null {
  const text = payload.toString("utf8").trim();
  if (text === "ON" || text === "OFF") return { state: text };
  if (!text.startsWith("{")) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return null;
  const { state, seconds, ...rest } = json as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || (state !== "ON" && state !== "OFF")) return null;
  if (seconds === undefined) return { state };
  if (typeof seconds !== "number" || !Number.isInteger(seconds) || seconds < 1 || seconds > MAX_SECONDS)
    return null;
  return { state, seconds };
}

/**
 * A relay command asked for by Home Assistant on mostrador/<device>/relay/<key>/set. It never reaches the
 * device as Home Assistant sent it: it goes through the relay controller like POST
 * /api/devices/:id/relays/:key (recorded, confirmed by the device's echo, an alarm when it does not,
 * the failsafe's max on-time), which publishes it as the appliance. Throws a DomainError when refused.
 */
export function commandFromHomeAssistant(
  ctx: Ctx,
  deviceId: string,
  key: string,
  payload: Buffer,
): RelayCommand {
  const parsed = parseRelayCommandPayload(payload);
  if (!parsed) {
    throw new DomainError(
      "invalid",
      "bad_relay_command",
      'La orden para el relé debe ser "ON", "OFF" o {"state":"ON","seconds":N}',
    );
  }
  const controller = relayControllerFor(ctx.db);
  if (!controller) {
    throw new DomainError("unavailable", "gateway_not_running", "El control de relés no está en marcha");
  }
  return controller.command({ deviceId, key, ...parsed, source: "home_assistant", staffId: null });
}
