/**
 * A command on mostrador/<device>/relay/<key>/set: "ON", "OFF", or {"state":"ON","seconds":600} (ON for
 * that long, then OFF). The appliance writes it (relay controller: staff, rules, timers, the failsafe), Home
 * Assistant sends it (its switch's payload_on / payload_off), the simulator obeys it, and the firmware
 * obeys it (payload.cpp, whose limits come from the header generated from this file).
 *
 * This parser is the strict one every TypeScript side shares: exactly "state" and an optional "seconds",
 * a duration only for ON. The firmware additionally ignores unknown keys with simple values, so a newer
 * appliance could add a field without breaking nodes in the field; nothing written here relies on that.
 */
import { accepted, type PayloadResult, payloadText, refused } from "./payload-result.js";
import { RELAY_OFF, RELAY_ON, type RelayState } from "./relay-state.js";

/** Anything longer is not a relay command (the largest valid one is ~40 bytes). */
export const MAX_COMMAND_BYTES = 128;
/** A timed ON longer than a day is refused: a timer that long is a mistake, not a command. */
export const MAX_COMMAND_SECONDS = 86_400;

/** The JSON form's field names (the firmware's parser reads them from its generated header). */
export const COMMAND_FIELD = { state: "state", seconds: "seconds" } as const;

export interface RelayCommand {
  state: RelayState;
  /** ON for this long, then OFF; only with ON. */
  seconds?: number;
}

export type RelayCommandErrorCode =
  "too_long" | "not_a_command" | "unknown_field" | "bad_seconds" | "seconds_only_for_on";
export type RelayCommandResult = PayloadResult<RelayCommand, RelayCommandErrorCode>;

const NOT_A_COMMAND = 'La orden para el relé debe ser "ON", "OFF" o {"state":"ON","seconds":N}';
const encoder = new TextEncoder();

function byteLength(payload: string | Uint8Array): number {
  if (typeof payload !== "string") return payload.length;
  // UTF-16 units never outnumber UTF-8 bytes: a long string is too long without encoding it.
  return payload.length > MAX_COMMAND_BYTES ? payload.length : encoder.encode(payload).length;
}

export function parseRelayCommand(payload: string | Uint8Array): RelayCommandResult {
  if (byteLength(payload) > MAX_COMMAND_BYTES) {
    return refused("too_long", `La orden para el relé no puede pasar de ${MAX_COMMAND_BYTES} bytes`);
  }
  const text = payloadText(payload).trim();
  if (text === RELAY_ON || text === RELAY_OFF) return accepted({ state: text });
  if (!text.startsWith("{")) return refused("not_a_command", NOT_A_COMMAND);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refused("not_a_command", NOT_A_COMMAND);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return refused("not_a_command", NOT_A_COMMAND);
  }
  const {
    [COMMAND_FIELD.state]: state,
    [COMMAND_FIELD.seconds]: seconds,
    ...rest
  } = json as Record<string, unknown>;
  if (state !== RELAY_ON && state !== RELAY_OFF) return refused("not_a_command", NOT_A_COMMAND);
  if (Object.keys(rest).length > 0) {
    return refused("unknown_field", 'La orden para el relé solo lleva "state" y "seconds"');
  }
  if (seconds === undefined) return accepted({ state });
  if (
    typeof seconds !== "number" ||
    !Number.isInteger(seconds) ||
    seconds < 1 ||
    seconds > MAX_COMMAND_SECONDS
  ) {
    return refused(
      "bad_seconds",
      `La duración debe ser un número entero de segundos, de 1 a ${MAX_COMMAND_SECONDS}`,
    );
  }
  // "OFF for 10 s" is ambiguous (off now? off in 10 s?), so it is refused rather than guessed.
  if (state === RELAY_OFF) return refused("seconds_only_for_on", "La duración solo se indica al encender");
  return accepted({ state, seconds });
}

/** "ON" / "OFF", or the JSON form when the command carries a duration. */
export function serializeRelayCommand(command: RelayCommand): string {
  return command.seconds !== undefined
    ? JSON.stringify({ [COMMAND_FIELD.state]: command.state, [COMMAND_FIELD.seconds]: command.seconds })
    : command.state;
}
