import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyInstance } from "fastify";
import { frameworkErrors, registerErrorHandler } from "@mostrador/platform/http/error-handler";
import { namedPlugin } from "@mostrador/platform/http/plugin-name";
import { registerValidation } from "@mostrador/platform/http/validation";
import { systemClock, type Clock } from "./core/clock.js";
import type { Sql } from "./db/sql.js";
import { registerDashboardUi } from "./dashboard/static-ui.js";
import { registerAuth } from "./http/auth.js";
import { projectionsOf, rootRoutesOf, routesOf, type CloudModule } from "./core/module.js";
import { cloudModules } from "./modules.js";

export interface CloudServerOptions {
  /** The modules whose routes and ingest projections the server carries. Default: every module (modules.ts). */
  modules?: readonly CloudModule[];
  clock?: Clock;
  logger?: boolean;
  /** Upload batches are the largest bodies; everything else is small. */
  bodyLimit?: number;
  /** The built owner dashboard (cloud/ui/dist) to serve at "/"; absent: the API only. */
  uiDir?: string | null;
  /**
   * Behind a reverse proxy (TLS): the proxy addresses to believe in X-Forwarded-For, so `request.ip`
   * (the key of the login/enroll rate limits) is the client's address, not the proxy's. Comma-separated
   * addresses, CIDRs or proxy-addr names ("loopback", "uniquelocal"). Default: none (direct clients).
   * Never `true` or a hop count: a client reaching the service directly could then forge its address.
   */
  trustProxy?: string;
}

export type CloudServer = FastifyInstance;

/**
 * The cloud's HTTP API under /v1: a thin shell (errors, validation, auth) over the modules it is given
 * (by default the one list, modules.ts); it names none of them.
 */
export async function buildCloudServer(sql: Sql, options: CloudServerOptions = {}): Promise<CloudServer> {
  const clock = options.clock ?? systemClock;
  // Built before anything listens: two modules projecting one entity fail here, not at the first upload.
  const modules = options.modules ?? cloudModules;
  const projections = projectionsOf(modules);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    forceCloseConnections: true,
    // A malformed URL ("%ZZ", invalid UTF-8) gets the API's error envelope, not Fastify's own body.
    frameworkErrors: frameworkErrors({ server: "servicio" }),
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerValidation(app);
  registerErrorHandler(app, { server: "servicio" });
  registerAuth(app, sql, clock);

  app.get("/v1/health", { config: { auth: "public" } }, async () => ({ ok: true }));
  for (const [i, routes] of routesOf(modules).entries())
    await app.register(namedPlugin(routes({ sql, clock, projections }), `rutas ${i + 1}`), { prefix: "/v1" });
  for (const [i, routes] of rootRoutesOf(modules).entries())
    await app.register(namedPlugin(routes({ sql, clock, projections }), `rutas raíz ${i + 1}`));
  if (options.uiDir) await registerDashboardUi(app, options.uiDir);

  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error: { code: "route_not_found", message: `No existe ${request.method} ${request.url}` } }),
  );
  return app;
}
