import type { Entity } from "@mostrador/contracts/sync/ops";
import type { Clock } from "./clock.js";
import type { Sql } from "../db/sql.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import type { HandlerRegistration } from "../ingest/handlers.js";

/** What a starting cloud module is handed: the service's SQL layer, the clock and a log. */
export interface CloudKernel {
  sql: Sql;
  clock: Clock;
  log(message: string, err?: unknown): void;
}

/** What a started module gives back: how to stop its background work (workers, timers, listeners). */
export interface RunningCloudModule {
  stop(): void | Promise<void>;
}

/**
 * Everything the cloud's kernel (HTTP server, auth, migration runner, ingest) needs to know about one
 * module (tenancy, dashboard, catalog, ingest projections, shapes, messaging, billing, ...), the cloud's
 * counterpart of the appliance's ModuleManifest (desktop). Each module exports one from its own folder;
 * one list (cloud/src/modules.ts) composes them, and it is the only place that names them all.
 */
export interface CloudModule {
  name: string;
  /**
   * The module's own migrations folder (an absolute path: `fileURLToPath(new URL("./migrations/",
   * import.meta.url))`). Every module's folders form ONE numbered sequence (0001, 0002, ...), so a new
   * migration takes the next free number across the whole cloud.
   */
  migrations?: string;
  /** Route plugins, registered under /v1 in list order. */
  routes?: readonly CloudRoutesFactory[];
  /** The ingest projection of each sync entity this module owns (the sync operation map's entities). */
  projections?: Partial<Record<Entity, HandlerRegistration>>;
  /** Starts background work (a send queue's worker, say) once the server is built; in list order. */
  start?(kernel: CloudKernel): RunningCloudModule | undefined | Promise<RunningCloudModule | undefined>;
}
