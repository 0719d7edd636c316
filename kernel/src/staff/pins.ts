import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import { DomainError } from "../core/errors.js";

/**
 * PIN hashing. A 4–8 digit PIN has at most 10^8 values, so no KDF makes a stolen database safe on its own:
 * the lockout in staff/pin-check.ts is the real defence. scrypt still makes each guess cost ~50 ms of CPU and
 * 32 MiB of memory, so a copied database file cannot be brute-forced in seconds.
 *
 * Stored format (params travel with the hash so they can be raised later without breaking old PINs):
 *   scrypt$<log2 N>$<r>$<p>$<salt base64url>$<hash base64url>
 * Sync on purpose: a manager approval is checked inside the sale's SQLite transaction, which cannot await.
 */

export const PIN_PATTERN = /^[0-9]{4,8}$/;

export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

/** N = 2^15, r = 8, p = 1: ~50 ms on a desktop core, 32 MiB of memory per guess. */
export const CURRENT_PARAMS: Readonly<ScryptParams> = Object.freeze({ logN: 15, r: 8, p: 1 });

/**
 * What new hashes are made with and old ones measured against: CURRENT_PARAMS, unless a test run lowered
 * it (every appliance a test starts seeds staff and logs in: ~0.2 s of a loaded core per PIN).
 */
let inUse: Readonly<ScryptParams> = CURRENT_PARAMS;

/**
 * Test support only (scripts/test-run/cheap-hashing.ts): `null` restores CURRENT_PARAMS; returns the
 * parameters it replaced, for a test to put back. Refused outside a vitest run, so no configuration can
 * weaken a real appliance's PIN hashes.
 */
export function setPinCostForTests(lowered: ScryptParams | null): Readonly<ScryptParams> {
  if (!process.env.VITEST) throw new Error("the PIN hashing cost is lowered only in tests");
  const before = inUse;
  inUse = lowered ?? CURRENT_PARAMS;
  return before;
}

const KEY_LENGTH = 32;
const SALT_BYTES = 16;
/** Sanity bounds when reading a stored hash, so a corrupt row cannot ask for gigabytes of memory. */
const MAX_LOG_N = 20;
const MAX_R = 32;
const MAX_P = 4;

export function isValidPin(pin: unknown): pin is string {
  return typeof pin === "string" && PIN_PATTERN.test(pin);
}

/** Refuses a PIN that is not 4–8 digits, with a message for the person typing it. */
export function assertValidPin(pin: unknown): asserts pin is string {
  if (!isValidPin(pin))
    throw new DomainError("invalid", "invalid_pin", "El PIN debe tener entre 4 y 8 dígitos");
}

function derive(pin: string, salt: Buffer, params: ScryptParams): Buffer {
  const N = 2 ** params.logN;
  // Node's default maxmem (32 MiB) is exactly 128·N·r for N = 2^15, r = 8, which it rejects: leave headroom.
  return scryptSync(pin, salt, KEY_LENGTH, { N, r: params.r, p: params.p, maxmem: 256 * N * params.r });
}

export function hashPin(pin: string, params: ScryptParams = inUse): string {
  assertValidPin(pin);
  const salt = randomBytes(SALT_BYTES);
  const hash = derive(pin, salt, params);
  return [
    "scrypt",
    params.logN,
    params.r,
    params.p,
    salt.toString("base64url"),
    hash.toString("base64url"),
  ].join("$");
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const ok = (v: number, max: number) => Number.isInteger(v) && v >= 1 && v <= max;
  if (!ok(logN, MAX_LOG_N) || !ok(r, MAX_R) || !ok(p, MAX_P)) return null;
  const salt = Buffer.from(parts[4] ?? "", "base64url");
  const hash = Buffer.from(parts[5] ?? "", "base64url");
  if (salt.length === 0 || hash.length !== KEY_LENGTH) return null;
  return { params: { logN, r, p }, salt, hash };
}

/** True when `pin` matches `stored`. Constant-time comparison; a malformed stored hash never matches. */
export function verifyPin(pin: string, stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed || !isValidPin(pin)) return false;
  return timingSafeEqual(derive(pin, parsed.salt, parsed.params), parsed.hash);
}

/** True when `stored` was made with weaker parameters than today's: re-hash it after the next correct PIN. */
export function needsRehash(stored: string, params: ScryptParams = inUse): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  return parsed.params.logN < params.logN || parsed.params.r < params.r || parsed.params.p < params.p;
}
