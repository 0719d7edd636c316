import { createHash, randomBytes } from "node:crypto";

/**
 * mos_ owner session, moa_ appliance, mov_ email verification link, mor_ password reset link, moi_
 * invitation link, mof_ a login's second-factor challenge, mop_ an operator's session (cloud/src/operator).
 */
export type TokenPrefix = "mos_" | "moa_" | "mov_" | "mor_" | "moi_" | "mof_" | "mop_";

/**
 * A bearer secret: 32 random bytes (256 bits), base64url, with a prefix that says what it is when it
 * shows up in a log or a config file ("mos_" owner session, "moa_" appliance).
 */
export function newToken(prefix: TokenPrefix): string {
  return prefix + randomBytes(32).toString("base64url");
}

/** Only this hash is stored. A fast hash is enough: the token has 256 bits of entropy, unlike a password. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
