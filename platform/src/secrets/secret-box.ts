import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Secrets at rest (the cloud's messaging channel secrets and Mercado Pago credentials; the appliance's
 * Mercado Pago token) as AES-256-GCM ciphertext: "v1.<iv>.<tag>.<ciphertext>" (base64url). The key never
 * lives in the database that holds the ciphertext: the cloud takes it from CLOUD_SECRETS_KEY, the
 * appliance from a per-install key file beside its database (desktop/src/mercadopago/secret-key.ts).
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
