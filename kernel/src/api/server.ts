import { existsSync } from "node:fs";
import fastifyStatic from "@fastify/static";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import fastifyWebsocket from "@fastify/websocket";
import Fastify, { type FastifyInstance } from "fastify";
import { frameworkErrors, registerErrorHandler } from "@mostrador/platform/http/error-handler";
import { namedPlugin } from "@mostrador/platform/http/plugin-name";
import { registerValidation } from "@mostrador/platform/http/validation";
import type { Ctx } from "../core/context.js";
import type { AppEventName } from "../core/events.js";
import type { RoutesFactory } from "../core/module.js";
import { registerAuth } from "./auth.js";
import { registerEventsSocket } from "./events-ws.js";

export interface ServerOptions {
  /** Built UI (desktop/ui/dist) served at "/"; omitted in API-only tests. */
  uiDir?: string;
  logger?: boolean;
  /** The modules' route plugins (routesOf(modules), core/module.ts), mounted under /api in this order. */
  routes?: readonly RoutesFactory[];
  /** The events tills and tablets hear on /api/events (eventsOf(modules)); none when omitted. */
  events?: readonly AppEventName[];
}

export type Api = FastifyInstance;

/** The local HTTP + WebSocket API: auth, errors, validation and events; the modules bring their routes. */
export async function buildServer(ctx: Ctx, options: ServerOptions = {}): Promise<Api> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 256 * 1024,
    // Shutting down (Electron quit, SIGTERM) must not wait on a tablet's idle or half-open connection.
    forceCloseConnections: true,
    // A malformed URL ("%ZZ", invalid UTF-8) gets the API's error envelope, not Fastify's own body.
    frameworkErrors: frameworkErrors({ server: "equipo" }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerValidation(app);
  registerErrorHandler(app, { server: "equipo" });
  registerAuth(app, ctx);
  await app.register(fastifyWebsocket, { options: { maxPayload: 4096 } });
  registerEventsSocket(app, ctx, new Set(options.events ?? []));

  app.get("/api/health", { config: { public: true } }, async () => ({ ok: true }));
  for (const [i, routes] of (options.routes ?? []).entries())
    await app.register(namedPlugin(routes(ctx), `rutas ${i + 1}`), { prefix: "/api" });

  const serveUi = Boolean(options.uiDir && existsSync(options.uiDir));
  if (serveUi) await app.register(fastifyStatic, { root: options.uiDir as string, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    // Single-page app: unknown non-API paths load index.html; unknown API paths get a JSON 404.
    if (serveUi && !request.url.startsWith("/api/") && request.method === "GET")
      return reply.sendFile("index.html");
    return reply
      .status(404)
      .send({ error: { code: "route_not_found", message: `No existe ${request.method} ${request.url}` } });
  });
  return app;
}
