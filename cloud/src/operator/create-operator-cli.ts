/**
 * Creates an operator of the service (never a tenant's account), with its TOTP second factor born
 * with it — there is no operator without one:
 *
 *   MOSTRADOR_OPERATOR_PASSWORD='…' CLOUD_OPERATOR_DATABASE_URL=… CLOUD_SECRETS_KEY=… \
 *     node --import tsx cloud/src/operator/create-operator-cli.ts --email ana@mostrador.com.ar --name "Ana"
 *
 * Prints the otpauth:// URI (and the secret) ONCE, to load into an authenticator app. Connects as the
 * operator's login (a member of mostrador_operator). Without CLOUD_OPERATOR_DATABASE_URL it opens the
 * embedded cloud's PGlite in MOSTRADOR_DATA_DIR (default ./data) — with `npm start` stopped, since
 * PGlite has one process. The password comes from the environment, not the command line, so it stays
 * out of shell history and ps.
 */
import { parseArgs } from "node:util";
import { systemClock } from "../core/clock.js";
import { checkPasswordStrength } from "../auth/password-rule.js";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { openPgSql } from "../db/pg.js";
import { openPgliteSql } from "../db/pglite.js";
import type { Sql } from "../db/sql.js";
import { cloudMigrations } from "../modules.js";
import { DEV_SECRETS_KEY, parseSecretsKey, SecretBox } from "../messaging/secrets.js";
import { openOperatorDb } from "./operator-db.js";
import { createOperator } from "./operators.js";

const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } } });
const url = process.env.CLOUD_OPERATOR_DATABASE_URL;
const password = process.env.MOSTRADOR_OPERATOR_PASSWORD ?? "";
const email = values.email?.trim().toLowerCase() ?? "";
const name = values.name?.trim() ?? "";

if (!name || name.length > 120 || !/^[^@\s]+@[^@\s]+$/.test(email) || email.length > 254) {
  console.error(
    'Uso: MOSTRADOR_OPERATOR_PASSWORD=… [CLOUD_OPERATOR_DATABASE_URL=…] CLOUD_SECRETS_KEY=… create-operator-cli.ts --email ana@dominio --name "Ana"',
  );
  process.exit(2);
}
try {
  checkPasswordStrength(password, { email, name });
} catch (err) {
  console.error(`MOSTRADOR_OPERATOR_PASSWORD: ${(err as Error).message}`);
  process.exit(2);
}
if (!process.env.CLOUD_SECRETS_KEY)
  console.error("Aviso: sin CLOUD_SECRETS_KEY se usa la clave de desarrollo.");
const box = new SecretBox(
  process.env.CLOUD_SECRETS_KEY ? parseSecretsKey(process.env.CLOUD_SECRETS_KEY) : DEV_SECRETS_KEY,
);

async function openDatabase(): Promise<Sql> {
  if (url) return openPgSql({ connectionString: url, role: null, max: 1 });
  const dataDir = join(resolve(process.env.MOSTRADOR_DATA_DIR ?? "data"), "cloud");
  mkdirSync(dataDir, { recursive: true });
  return openPgliteSql({ dataDir, migrate: cloudMigrations() });
}
const sql = await openDatabase();
const db = openOperatorDb(sql);
try {
  const { id, uri, secret } = await createOperator(db, box, { email, name, password }, systemClock);
  console.log(
    `Operador ${email} creado (${id}). Cargá esto en la app de autenticación (se muestra una sola vez):`,
  );
  console.log(uri);
  console.log(`Clave: ${secret}`);
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
  await sql.close();
}
