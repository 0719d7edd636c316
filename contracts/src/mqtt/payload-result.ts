/**
 * What every payload parser of the MQTT contract answers. Payloads come from the network (an ESP32, Home
 * Assistant, a person with mosquitto_pub), so a bad one is a value the caller counts or shows, never an
 * exception that could take the broker down.
 */
export type PayloadResult<T, Code extends string> =
  { ok: true; value: T } | { ok: false; error: PayloadError<Code> };

export interface PayloadError<Code extends string> {
  /** Stable, for counters and tests. */
  code: Code;
  /** Spanish (es-AR), for logs and people. */
  message: string;
}

export const accepted = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export const refused = <Code extends string>(
  code: Code,
  message: string,
): { ok: false; error: PayloadError<Code> } => ({
  ok: false,
  error: { code, message },
});

const decoder = new TextDecoder();

/** Payload bytes (Buffer, Uint8Array) or text as the browser's MQTT client hands it over, as text. */
export function payloadText(payload: string | Uint8Array): string {
  return typeof payload === "string" ? payload : decoder.decode(payload);
}
