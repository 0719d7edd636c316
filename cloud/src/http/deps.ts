import type { FastifyPluginAsync } from "fastify";
import type { Clock } from "../core/clock.js";
import type { Sql } from "../db/sql.js";
import type { Projections } from "../ingest/handlers.js";

/** What every route plugin gets: the one SQL layer, the clock and every module's ingest projections. */
export interface CloudDeps {
  sql: Sql;
  clock: Clock;
  projections: Projections;
}

/** A route plugin factory, registered under /v1 by server.ts from the modules' manifests (modules.ts). */
export type CloudRoutesFactory = (deps: CloudDeps) => FastifyPluginAsync;
