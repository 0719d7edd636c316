/**
 * Creates an organization and its owner account from the server, email already verified (shops also
 * sign up by themselves: POST /v1/auth/signup, cloud/README.md "Accounts"):
 *
 *   MOSTRADOR_OWNER_PASSWORD='…' node --import tsx cloud/src/auth/create-tenant-cli.ts \
 *     --org "Almacén La Esquina" --email duenio@example.com
 *
 * Connects with CLOUD_DATABASE_URL (the service login: RLS applies, as for every API write). The
 * password comes from the environment, not the command line, so it stays out of shell history and ps.
 */
import { parseArgs } from "node:util";
import { systemClock } from "../core/clock.js";
import { openPgSql } from "../db/pg.js";
import { createTenant } from "./accounts.js";
import { checkPasswordStrength } from "./password-rule.js";

const { values } = parseArgs({
  options: { org: { type: "string" }, email: { type: "string" } },
});
const url = process.env.CLOUD_DATABASE_URL;
const password = process.env.MOSTRADOR_OWNER_PASSWORD ?? "";
const org = values.org?.trim() ?? "";
const email = values.email?.trim() ?? "";

if (!url || !org || org.length > 120 || !/^[^@\s]+@[^@\s]+$/.test(email) || email.length > 254) {
  console.error(
    'Uso: MOSTRADOR_OWNER_PASSWORD=… CLOUD_DATABASE_URL=… create-tenant-cli.ts --org "Nombre" --email dueño@dominio',
  );
  process.exit(2);
}
try {
  checkPasswordStrength(password, { email, name: org });
} catch (err) {
  console.error(`MOSTRADOR_OWNER_PASSWORD: ${(err as Error).message}`);
  process.exit(2);
}

const sql = openPgSql({ connectionString: url });
try {
  const { tenantId } = await createTenant(sql, { orgName: org, ownerEmail: email, password }, systemClock);
  console.log(`Organización "${org}" creada (${tenantId}); el dueño ingresa al panel con ${email}.`);
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await sql.close();
}
