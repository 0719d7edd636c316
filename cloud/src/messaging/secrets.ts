import { createHash, createHmac, timingSafeEqual } from "node:crypto";

// The box itself is shared with the appliance (@mostrador/platform/secrets/secret-box). Channel secrets
// (SMTP password, WhatsApp token and app secret, Telegram bot token) are sealed with it. The key never
// lives in the database: CLOUD_SECRETS_KEY (32 bytes, base64 or hex). The embedded/demo cloud (PGlite, one
// machine) derives a fixed development key when none is set — `DEV_SECRETS_KEY` below, public, so never
// for a real tenant; start.ts refuses to run on PostgreSQL without CLOUD_SECRETS_KEY.
export { SecretBox } from "@mostrador/platform/secrets/secret-box";

/** The embedded cloud's key when CLOUD_SECRETS_KEY is unset: derived from a public string (demo only). */
export const DEV_SECRETS_KEY = createHash("sha256")
  .update("mostrador embedded cloud: development secrets key")
  .digest();

/** CLOUD_SECRETS_KEY: 64 hex characters or base64 of 32 bytes. */
export function parseSecretsKey(value: string): Buffer {
  const trimmed = value.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32)
    throw new Error("CLOUD_SECRETS_KEY debe ser 32 bytes en hexadecimal (64 caracteres) o base64");
  return key;
}

/** A signed, URL-safe token: payload.signature (HMAC-SHA256). Used by unsubscribe links. */
export function signToken(key: Buffer, payload: object): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${createHmac("sha256", key).update(body).digest("base64url")}`;
}

/** The payload of a token this key signed, or null (altered, truncated, another key). */
export function verifyToken<T>(key: Buffer, token: string): T | null {
  const [body, signature] = token.split(".");
  if (!body || !signature) return null;
  const expected = createHmac("sha256", key).update(body).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    return JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as T;
  } catch {
    return null;
  }
}

/** sha256 hex: double opt-in tokens are stored only as their hash. */
export const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");
