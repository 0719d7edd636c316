import { cloudMigrations } from "../modules.js";
import { openPgliteSql } from "../db/pglite.js";
import type { Sql } from "../db/sql.js";
import { enrollmentSuite } from "./enrollment-suite.js";

let sql: Sql;
enrollmentSuite(
  "PGlite",
  async () => (sql = await openPgliteSql({ migrate: cloudMigrations() })),
  () => sql.close(),
);
