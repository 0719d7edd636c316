/**
 * The pairing form's typed input → what POST /api/sync/enroll accepts, checked before sending so a typo is
 * named next to its field instead of costing a round trip to the cloud (and an attempt of its rate limit).
 * Pure: no React, unit-tested in Node.
 */

/**
 * Same alphabet and length as the cloud (cloud/src/tenancy/pairing.ts): no 0/O, 1/I/L, because the owner
 * reads the code off a phone and the cashier types it. The cloud normalises again; this only catches typos early.
 */
export const PAIRING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const PAIRING_CODE_LENGTH = 8;
/** The API's bound on cloudUrl (sync/src/upload/routes.ts). */
export const CLOUD_URL_MAX = 300;

export type CodeProblem = "required" | "length" | "characters";
export type UrlProblem = "required" | "too_long" | "invalid" | "scheme";

export type Checked<T, P> = { ok: true; value: T } | { ok: false; problem: P };

/** Uppercase, without the spaces and dashes people add while copying ("abcd efgh", "ABCD-EFGH"). */
function compact(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "");
}

/** What the code field shows while typing: uppercase, grouped 4 + 4 like the dashboard shows it ("ABCD EFGH"). */
export function displayPairingCode(input: string): string {
  const code = compact(input);
  return code.length > 4 ? `${code.slice(0, 4)} ${code.slice(4)}` : code;
}

/** The code to send: exactly 8 characters of the dashboard's alphabet, with or without the space. */
export function parsePairingCode(input: string): Checked<string, CodeProblem> {
  const code = compact(input);
  if (code.length === 0) return { ok: false, problem: "required" };
  if (code.length !== PAIRING_CODE_LENGTH) return { ok: false, problem: "length" };
  for (const ch of code) if (!PAIRING_ALPHABET.includes(ch)) return { ok: false, problem: "characters" };
  return { ok: true, value: code };
}

/** The cloud's address: an absolute http(s) URL (the appliance calls `<url>/v1/enroll`), without trailing slashes. */
export function parseCloudUrl(input: string): Checked<string, UrlProblem> {
  const text = input.trim();
  if (text.length === 0) return { ok: false, problem: "required" };
  if (text.length > CLOUD_URL_MAX) return { ok: false, problem: "too_long" };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // "nube.ejemplo.com" parses as nothing: name the missing scheme rather than a vague "invalid".
    return { ok: false, problem: /^[a-z][a-z0-9+.-]*:/i.test(text) ? "invalid" : "scheme" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, problem: "scheme" };
  if (!url.hostname) return { ok: false, problem: "invalid" };
  return { ok: true, value: text.replace(/\/+$/, "") };
}
