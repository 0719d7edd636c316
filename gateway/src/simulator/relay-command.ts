/**
 * Parses a relay command the way the firmware does (firmware/lib/mostrador_core/src/payload.cpp):
 * "ON" / "OFF", or {"state":"ON"|"OFF","seconds":N} with N an integer 1..86400 and only for ON.
 * Anything else is null and the simulated node ignores it, as a real one would.
 */
export interface RelayCommand {
  on: boolean;
  seconds: number | null;
}

const MAX_COMMAND_BYTES = 128;
const MAX_SECONDS = 86_400;

export function parseRelayCommand(payload: Buffer): RelayCommand | null {
  if (payload.length === 0 || payload.length > MAX_COMMAND_BYTES) return null;
  const text = payload.toString("utf8").trim();
  if (text === "ON") return { on: true, seconds: null };
  if (text === "OFF") return { on: false, seconds: null };
  if (!text.startsWith("{")) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  const { state, seconds } = parsed as { state?: unknown; seconds?: unknown };
  if (state !== "ON" && state !== "OFF") return null;
  if (seconds === undefined) return { on: state === "ON", seconds: null };
  if (
    state !== "ON" ||
    !Number.isInteger(seconds) ||
    (seconds as number) < 1 ||
    (seconds as number) > MAX_SECONDS
  ) {
    return null;
  }
  return { on: true, seconds: seconds as number };
}
