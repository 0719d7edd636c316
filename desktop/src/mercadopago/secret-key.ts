import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { SecretBox } from "@mostrador/platform/secrets/secret-box";

/** The install's key file, beside the database: `<MOSTRADOR_DATA_DIR>/secrets.key`. */
export const SECRETS_KEY_FILE = "secrets.key";

/**
 * The box that seals the appliance's secrets (the Mercado Pago token), keyed by 32 random bytes in a file
 * beside the database, created on first use with owner-only permissions. The database (and its backups)
 * never holds the key, so a stolen copy of mostrador.sqlite carries no usable token; a restore on another
 * PC without this file asks the owner to paste the token again (Ajustes → Mercado Pago).
 */
export function secretBoxFromFile(path: string): SecretBox {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    // "wx": two processes starting at once never overwrite each other's key.
    try {
      writeFileSync(path, randomBytes(32).toString("hex"), { flag: "wx", mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  const text = readFileSync(path, "utf8").trim();
  if (!/^[0-9a-f]{64}$/.test(text))
    throw new Error(
      `El archivo de clave ${path} está dañado: borralo y volvé a cargar el token de Mercado Pago`,
    );
  try {
    chmodSync(path, 0o600);
  } catch {
    // Windows has no POSIX modes; the file sits in the user's data folder.
  }
  return new SecretBox(Buffer.from(text, "hex"));
}

/** A key that lives only in memory (tests, and appliances started without a data folder). */
export const ephemeralSecretBox = (): SecretBox => new SecretBox(randomBytes(32));
