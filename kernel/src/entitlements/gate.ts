import type { EntitledModule } from "@mostrador/contracts/billing/plans";
import type { FastifyPluginAsync } from "fastify";
import type { Ctx } from "../core/context.js";
import { DomainError } from "../core/errors.js";
import { entitlementState, moduleAccess } from "./access.js";

declare module "../core/events.js" {
  interface AppEvents {
    /** The plan's record or its grace changed what is on (kernel/src/entitlements): screens re-read it. */
    "entitlements.changed": Record<string, never>;
  }
}

// core/module.ts's shapes, restated structurally: the manifest's file imports this one.
type RoutesFactory = (ctx: Ctx) => FastifyPluginAsync;
interface Running {
  stop(): void | Promise<void>;
}
interface StartKernel {
  ctx: Ctx;
  log(message: string, err?: unknown): void;
}

/** The error envelope's code for each reason a module is off. */
const REFUSAL_CODES = {
  not_in_plan: "plan_module_off",
  grace_over: "plan_grace_over",
  record_invalid: "plan_record_invalid",
} as const;

/**
 * A module's routes behind its entitlement: while the plan leaves it off, every route answers 403 with
 * the reason in Spanish ("Tu plan no incluye Turnos"), before any handler runs, so nothing changes.
 */
export function gatedRoutes(entitlement: EntitledModule, routes: RoutesFactory): RoutesFactory {
  return (ctx) => async (app) => {
    app.addHook("onRequest", async () => {
      const access = moduleAccess(entitlementState(ctx), entitlement);
      if (!access.on)
        throw new DomainError("forbidden", REFUSAL_CODES[access.code], access.reason, {
          module: entitlement,
        });
    });
    await app.register(routes(ctx));
  };
}

/**
 * A module's background work behind its entitlement: started only while the plan has it on, stopped when
 * the plan (or the end of the grace period) turns it off, started again when it comes back. One change at
 * a time, in order.
 */
export async function supervisedStart<K extends StartKernel>(
  kernel: K,
  module: {
    name: string;
    entitlement: EntitledModule;
    start?(kernel: K): Running | undefined | Promise<Running | undefined>;
  },
): Promise<Running> {
  let running: Running | null = null;
  const apply = async () => {
    const on = moduleAccess(entitlementState(kernel.ctx), module.entitlement).on;
    if (on && !running) running = (await module.start?.(kernel)) ?? { stop() {} };
    else if (!on && running) {
      const stopping = running;
      running = null;
      await stopping.stop();
      kernel.log(`el módulo ${module.name} se detuvo: el plan no lo incluye ahora`);
    }
  };
  await apply();
  let chain = Promise.resolve();
  const off = kernel.ctx.bus.on("entitlements.changed", () => {
    chain = chain.then(apply).catch((err) => kernel.log(`el módulo ${module.name} no cambió de estado`, err));
  });
  return {
    async stop() {
      off();
      await chain;
      await running?.stop();
      running = null;
    },
  };
}
