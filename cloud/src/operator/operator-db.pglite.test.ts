import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import { openPgliteSql } from "../db/pglite.js";
import type { Sql } from "../db/sql.js";
import { DEV_SECRETS_KEY, SecretBox } from "../messaging/secrets.js";
import { cloudMigrations } from "../modules.js";
import { openOperatorDb } from "./operator-db.js";
import { createOperator } from "./operators.js";

// The embedded cloud (npm start) has one connection: the console takes mostrador_operator for each of
// its transactions only, and the service's own queries stay mostrador_app.
let sql: Sql;
beforeAll(async () => {
  sql = await openPgliteSql({ migrate: cloudMigrations() });
}, 60_000);
afterAll(() => sql.close());

describe("the operator's database on PGlite", () => {
  it("runs the console's queries as mostrador_operator and the service's as mostrador_app", async () => {
    const db = openOperatorDb(sql);
    await createOperator(
      db,
      new SecretBox(DEV_SECRETS_KEY),
      { email: "ops@example.com", name: "Ops", password: "operar-con-cuidado-7" },
      new ManualClock(),
    );
    expect(await db.run((q) => q.query<{ user: string }>("SELECT current_user AS user"))).toEqual([
      { user: "mostrador_operator" },
    ]);
    expect(await sql.query<{ user: string }>("SELECT current_user AS user")).toEqual([
      { user: "mostrador_app" },
    ]);
    await expect(sql.query("SELECT 1 FROM operators")).rejects.toThrow(/permission denied/);
  });
});
