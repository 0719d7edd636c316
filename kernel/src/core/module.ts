import { fileURLToPath } from "node:url";
import type { EntitledModule } from "@mostrador/contracts/billing/plans";
import type { Entity } from "@mostrador/contracts/sync/ops";
import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import type { Ctx } from "./context.js";
import type { AppEventName } from "./events.js";
import { gatedRoutes, supervisedStart } from "../entitlements/gate.js";

/** A module's HTTP routes: given the appliance's context, a Fastify plugin mounted under /api. */
export type RoutesFactory = (ctx: Ctx) => FastifyPluginAsync;

/** What a starting module is handed: the context (db, clock, bus), the HTTP server (not yet listening), a log. */
export interface Kernel {
  ctx: Ctx;
  api: FastifyInstance;
  log(message: string, err?: unknown): void;
}

/** What a started module gives back: how to stop what it started (timers, sockets, listeners). */
export interface RunningModule {
  stop(): void | Promise<void>;
}

/**
 * Everything the kernel needs to know about one module (pos, cash, devices, sync, ...): each module
 * exports one from its own folder and the appliance's composition list (desktop/src/appliance/modules.ts)
 * is the only place that names them all. The kernel imports no module.
 */
export interface ModuleManifest {
  name: string;
  /**
   * The module's own migrations folders (absolute paths: `fileURLToPath(new URL("./migrations/",
   * import.meta.url))`), usually one. Every module's folders and the kernel's form ONE numbered sequence
   * (@mostrador/platform/migrations), so a new migration takes the next free number across the appliance;
   * a migration's number is its identity, so a file moved between folders is still the one applied.
   */
  migrations?: readonly string[];
  /** Route plugins, mounted under /api in list order before the server listens. */
  routes?: readonly RoutesFactory[];
  /**
   * The app events this module emits that tills and tablets hear on /api/events; each is declared by the
   * module on AppEvents (core/events.ts). Events between modules are declared there too but not listed.
   */
  events?: readonly AppEventName[];
  /** The outbox entities this module writes (the sync operation map, @mostrador/contracts/sync/ops). */
  outboxEntities?: readonly Entity[];
  /**
   * Starts background work once the routes are mounted, before the server listens; in list order. A
   * module with an `entitlement` is started only while the plan has it on (and may start later, after
   * the server listens), and stopped when it goes off.
   */
  start?(kernel: Kernel): RunningModule | undefined | Promise<RunningModule | undefined>;
  /**
   * The plan's module this one is (contracts/src/billing/plans.ts ENTITLED_MODULES): while the cloud's
   * signed record leaves it off, its routes answer 403 with the reason and its background work stops
   * (kernel/src/entitlements). Never set on selling, cash, customers or the shop's own data.
   */
  entitlement?: EntitledModule;
}

/** Every module's routes, in list order; a module of the plan's behind its entitlement. */
export const routesOf = (modules: readonly ModuleManifest[]): RoutesFactory[] =>
  modules.flatMap((m) => {
    const { entitlement } = m;
    return (m.routes ?? []).map((routes) => (entitlement ? gatedRoutes(entitlement, routes) : routes));
  });

/** The `migrations/` folder beside a module's manifest: `migrations: [migrationsBeside(import.meta.url)]`. */
export const migrationsBeside = (manifestUrl: string): string =>
  fileURLToPath(new URL("./migrations/", manifestUrl));

/** Every module's migrations folders (the kernel adds its own in openCore). */
export const migrationsOf = (modules: readonly ModuleManifest[]): string[] =>
  modules.flatMap((m) => m.migrations ?? []);

/** The events every module lets the tills hear. */
export const eventsOf = (modules: readonly ModuleManifest[]): AppEventName[] =>
  modules.flatMap((m) => m.events ?? []);

/**
 * Starts the modules in list order and returns one handle that stops them in reverse order. A module
 * whose start throws stops the ones already started and the error propagates: a module that may fail
 * without taking the appliance down (the MQTT gateway, say) catches its own failure.
 */
export async function startModules(
  kernel: Kernel,
  modules: readonly ModuleManifest[],
): Promise<RunningModule> {
  const started: { name: string; running: RunningModule }[] = [];
  const stop = async () => {
    for (const { name, running } of started.splice(0).reverse()) {
      try {
        await running.stop();
      } catch (err) {
        kernel.log(`el módulo ${name} no se detuvo bien`, err);
      }
    }
  };
  for (const module of modules) {
    try {
      const { entitlement } = module;
      const running =
        entitlement && module.start
          ? await supervisedStart(kernel, { ...module, entitlement })
          : await module.start?.(kernel);
      if (running) started.push({ name: module.name, running });
    } catch (err) {
      await stop();
      throw err;
    }
  }
  return { stop };
}
