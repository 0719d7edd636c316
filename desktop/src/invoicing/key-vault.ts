import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DomainError } from "@mostrador/kernel/core/errors";
import type { Db } from "@mostrador/kernel/db/open";

/**
 * The ARCA private key is stored in the database ENCRYPTED (AES-256-GCM) under a key derived (HKDF-SHA256)
 * from a per-install secret: 32 random bytes in `arca-secret.key` beside the database file, made on first
 * use, readable by the appliance's user only. The database alone (a backup, a copy sent for support, what
 * the cloud restores) does not reveal the key; the secret file is never backed up nor uploaded.
 */
export const SECRET_FILE = "arca-secret.key";

export const secretFileOf = (db: Db): string => join(dirname(db.name), SECRET_FILE);

function installSecret(db: Db): Buffer {
  const file = secretFileOf(db);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32), { mode: 0o600, flag: "wx" });
    chmodSync(file, 0o600);
  }
  const secret = readFileSync(file);
  if (secret.length !== 32) {
    throw new DomainError(
      "conflict",
      "invoicing_secret_damaged",
      `El archivo ${SECRET_FILE} junto a la base está dañado: generá una clave y un certificado nuevos`,
    );
  }
  return secret;
}

const keyOf = (secret: Buffer) =>
  Buffer.from(hkdfSync("sha256", secret, "mostrador", "arca private key v1", 32));

export function sealPrivateKey(db: Db, pem: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(installSecret(db)), iv);
  const sealed = Buffer.concat([cipher.update(pem, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), sealed]
    .map((p) => (typeof p === "string" ? p : p.toString("base64")))
    .join(":");
}

export function openPrivateKey(db: Db, sealed: string): string {
  const [version, iv, tag, data] = sealed.split(":");
  try {
    if (version !== "v1" || !iv || !tag || !data) throw new Error("format");
    const decipher = createDecipheriv("aes-256-gcm", keyOf(installSecret(db)), Buffer.from(iv, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new DomainError(
      "conflict",
      "invoicing_key_unreadable",
      `La clave privada de ARCA no se puede abrir con el ${SECRET_FILE} de este equipo (¿base copiada de otra PC?): generá una clave y un certificado nuevos`,
    );
  }
}
