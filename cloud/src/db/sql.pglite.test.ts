import { cloudMigrations } from "../modules.js";
import { openPgliteSql } from "./pglite.js";
import type { Sql } from "./sql.js";
import { sqlLayerSuite } from "./sql-suite.js";

// PGlite is one connection by nature; it migrates as its superuser, then acts as mostrador_app.
let sql: Sql;
sqlLayerSuite(
  "PGlite",
  async () => (sql = await openPgliteSql({ migrate: cloudMigrations() })),
  () => sql.close(),
);
