import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

// scrypt parameters (RFC 7914). OWASP's Password Storage Cheat Sheet lists equivalent settings of one
// strength: N=2^17 r=8 p=1 (128 MiB), 2^16/8/2, 2^15/8/3 (32 MiB) ... We take N=2^15 r=8 p=3: the same
// work as the 128 MiB one at a quarter of the memory, so a small server answering several logins at once
// does not run out. They are stored with each hash; a hash made with other parameters (before issue 18:
// p=1) is rehashed at the account's next successful login (needsRehash).
export interface PasswordCost {
  N: number;
  r: number;
  p: number;
}
export const PRODUCTION_COST: Readonly<PasswordCost> = Object.freeze({ N: 2 ** 15, r: 8, p: 3 });
/**
 * The cost new hashes are made with: production's, unless a test run lowered it (one login at
 * production cost takes ~0.2 s of a core, seconds on a loaded CI machine, and hundreds of tests log in).
 */
let cost: Readonly<PasswordCost> = PRODUCTION_COST;

/**
 * Test support only (scripts/test-run/cheap-hashing.ts): `null` restores production's cost; returns the
 * cost it replaced, for a test to put back. Refused outside a vitest run, so no configuration can weaken
 * a real server's hashes.
 */
export function setPasswordCostForTests(lowered: PasswordCost | null): Readonly<PasswordCost> {
  if (!process.env.VITEST) throw new Error("the password hashing cost is lowered only in tests");
  const before = cost;
  cost = lowered ?? PRODUCTION_COST;
  return before;
}

const KEY_LENGTH = 32;
// scrypt needs 128·N·r bytes (32 MiB here), exactly Node's default limit: allow headroom.
const MAX_MEM = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, KEY_LENGTH, { N: n, r, p, maxmem: MAX_MEM }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** "scrypt$N$r$p$salt$hash" (base64url parts). Async: never blocks the event loop. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = cost;
  const key = await derive(password, salt, N, r, p);
  return ["scrypt", N, r, p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await derive(password, Buffer.from(salt, "base64url"), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** True when `stored` was made with other parameters than today's: rehash it once the password is known. */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split("$");
  return scheme !== "scrypt" || Number(n) !== cost.N || Number(r) !== cost.r || Number(p) !== cost.p;
}

/**
 * Checked against when the email is unknown, so "no such account" takes as long as "wrong password"
 * and response time does not reveal which emails have accounts.
 */
export function decoyHash(): string {
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
}
