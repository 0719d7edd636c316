import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";

/**
 * Channel secrets (SMTP password, WhatsApp token and app secret, Telegram bot token) are stored as
 * AES-256-GCM ciphertext: "v1.<iv>.<tag>.<ciphertext>" (base64url). The key never lives in the
 * database: CLOUD_SECRETS_KEY (32 bytes, base64 or hex). The embedded/demo cloud (PGlite, one machine)
 * derives a fixed development key when none is set — `DEV_SECRETS_KEY` below, public, so never for a
 * real tenant; start.ts refuses to run on PostgreSQL without CLOUD_SECRETS_KEY.
 */
export class SecretBox {
  private readonly key: Buffer;
  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error("La clave de secretos debe tener 32 bytes (AES-256)");
    this.key = Buffer.from(key);
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return ["v1", iv, cipher.getAuthTag(), data]
      .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
      .join(".");
  }

  /** Throws when the ciphertext was altered or sealed with another key. */
  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split(".");
    if (version !== "v1" || iv === undefined || tag === undefined || data === undefined)
      throw new Error("Secreto guardado con un formato desconocido");
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  }

  /** A key for another purpose (signing unsubscribe links), derived so one environment variable suffices. */
  derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync("sha256", this.key, Buffer.alloc(0), `mostrador/${purpose}`, 32));
  }
}

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
