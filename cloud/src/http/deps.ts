import type { FastifyPluginAsync } from "fastify";
import type { Clock } from "../core/clock.js";
import type { Sql } from "../db/sql.js";

/** What every route plugin gets: the one SQL layer and the clock. */
export interface CloudDeps {
  sql: Sql;
  clock: Clock;
}

/** A route plugin factory, registered under /v1 by server.ts (routes/index.ts lists them). */
export type CloudRoutesFactory = (deps: CloudDeps) => FastifyPluginAsync;
