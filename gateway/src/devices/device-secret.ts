import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** 32 random bytes, base64url (43 characters): fits PubSubClient's password buffer and a QR code. */
export function newDeviceSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * SHA-256, hex. A fast hash is right here (unlike staff PINs, which use scrypt): the secret has 256 bits
 * of entropy, so a stolen hash cannot be brute-forced, and the broker checks it on every device connect.
 */
export function hashDeviceSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Compares in constant time (both sides are 32-byte digests), so timing reveals nothing about the secret. */
export function deviceSecretMatches(candidate: Buffer | string, storedHashHex: string): boolean {
  const given = createHash("sha256").update(candidate).digest();
  const stored = Buffer.from(storedHashHex, "hex");
  return stored.length === given.length && timingSafeEqual(given, stored);
}
