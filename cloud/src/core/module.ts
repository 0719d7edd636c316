import type { Entity } from "@mostrador/contracts/sync/ops";
import type { Clock } from "./clock.js";
import type { Sql } from "../db/sql.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import type { HandlerRegistration, Projections } from "../ingest/handlers.js";

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
  /**
   * Route plugins registered at the root, each under a prefix of its own: the public API (/api/v1,
   * cloud/src/publicapi), versioned apart from the dashboard's and the appliances' /v1.
   */
  rootRoutes?: readonly CloudRoutesFactory[];
  /** The ingest projection of each sync entity this module owns (the sync operation map's entities). */
  projections?: Partial<Record<Entity, HandlerRegistration>>;
  /** Starts background work (a send queue's worker, say) once the server is built; in list order. */
  start?(kernel: CloudKernel): RunningCloudModule | undefined | Promise<RunningCloudModule | undefined>;
}

/**
 * Every module's projections as one map, the dependency ingest runs on. Two modules projecting the
 * same entity is a wiring mistake, refused when the server is built rather than settled by list order.
 */
export function projectionsOf(modules: readonly CloudModule[]): Projections {
  const projections = new Map<string, HandlerRegistration>();
  const owners = new Map<string, string>();
  for (const module of modules)
    for (const [entity, registration] of Object.entries(module.projections ?? {})) {
      if (!registration) continue;
      const owner = owners.get(entity);
      if (owner)
        throw new Error(
          `Dos módulos proyectan "${entity}": ${owner} y ${module.name}; solo uno puede hacerlo`,
        );
      owners.set(entity, module.name);
      projections.set(entity, registration);
    }
  return projections;
}

/** The modules' route plugins, in list order (each module's own order kept). */
export function routesOf(modules: readonly CloudModule[]): CloudRoutesFactory[] {
  return modules.flatMap((module) => module.routes ?? []);
}

/** The modules' root route plugins (the public API), in list order. */
export function rootRoutesOf(modules: readonly CloudModule[]): CloudRoutesFactory[] {
  return modules.flatMap((module) => module.rootRoutes ?? []);
}

/**
 * Starts each module's background work in list order; the returned stop ends them in reverse order
 * (a module may rely on one listed before it). If a start fails, the ones already started are stopped.
 */
export async function startModules(
  modules: readonly CloudModule[],
  kernel: CloudKernel,
): Promise<() => Promise<void>> {
  const running: { name: string; module: RunningCloudModule }[] = [];
  const stopAll = async () => {
    for (const { name, module } of running.splice(0).reverse())
      try {
        await module.stop();
      } catch (err) {
        kernel.log(`No se pudo detener el módulo ${name}`, err);
      }
  };
  try {
    for (const module of modules) {
      const started = await module.start?.(kernel);
      if (started) running.push({ name: module.name, module: started });
    }
  } catch (err) {
    await stopAll();
    throw err;
  }
  return stopAll;
}
