import { Readable } from "node:stream";
import { constants as zlib } from "node:zlib";
import compress from "@fastify/compress";
import { COMPACT_CLOCKS, COMPACT_CLOCKS_HEADER } from "@mostrador/contracts/http/cloud-shapes";
import { Type } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import { issueEntitlements, ON_CONNECT_MS } from "../billing/entitlements/issue.js";
import { CloudError } from "../core/errors.js";
import { applianceOf } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { electricShapeUrl, forwardedHeaders, type ElectricConfig } from "./electric-proxy.js";
import { serveShape } from "./shape-protocol.js";
import { parseColumns, SHAPE_TABLE_NAMES, SHAPE_TABLES, type ShapeTable } from "./shape-tables.js";

export interface ShapeServiceOptions {
  electric?: ElectricConfig;
  liveTimeoutMs?: number;
  pollMs?: number;
  maxChanges?: number;
}

/** ELECTRIC_URL / ELECTRIC_SECRET / CLOUD_SHAPE_LIVE_TIMEOUT_MS / CLOUD_SHAPE_POLL_MS. */
export function shapeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ShapeServiceOptions {
  const ms = (v: string | undefined, min: number, max: number) => {
    const n = Number(v);
    return v && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
  };
  const liveTimeoutMs = ms(env.CLOUD_SHAPE_LIVE_TIMEOUT_MS, 100, 60_000);
  const pollMs = ms(env.CLOUD_SHAPE_POLL_MS, 10, 10_000);
  return {
    ...(env.ELECTRIC_URL
      ? {
          electric: {
            url: env.ELECTRIC_URL,
            ...(env.ELECTRIC_SECRET ? { secret: env.ELECTRIC_SECRET } : {}),
          },
        }
      : {}),
    ...(liveTimeoutMs ? { liveTimeoutMs } : {}),
    ...(pollMs ? { pollMs } : {}),
  };
}

const Handle = Type.String({ minLength: 1, maxLength: 80, pattern: "^[A-Za-z0-9_-]+$" });
/** Only protocol parameters: no where, no params (the server fixes the filter). */
const ShapeQuery = Type.Object(
  {
    table: Type.Union(SHAPE_TABLE_NAMES.map((t) => Type.Literal(t))),
    offset: Type.String({ maxLength: 40, pattern: "^(-1|now|\\d{1,19}_\\d{1,19})$" }),
    handle: Type.Optional(Handle),
    live: Type.Optional(Type.Union([Type.Literal("true"), Type.Literal("false")])),
    cursor: Type.Optional(Type.String({ maxLength: 40, pattern: "^[A-Za-z0-9_-]*$" })),
    replica: Type.Optional(Type.Union([Type.Literal("default"), Type.Literal("full")])),
    columns: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    log: Type.Optional(Type.Union([Type.Literal("full"), Type.Literal("changes_only")])),
    expired_handle: Type.Optional(Handle),
    "cache-buster": Type.Optional(Type.String({ maxLength: 64, pattern: "^[A-Za-z0-9_.-]*$" })),
  },
  { additionalProperties: false },
);
type ShapeQueryT = { [K in keyof typeof ShapeQuery.properties]?: string } & {
  table: ShapeTable["name"];
  offset: string;
};

/** A client-supplied filter is refused outright, with a reason, before the schema even looks. */
const FILTER_PARAM = /^(where|params)(\[|$)|^subset__/;

function refuseFilters(request: FastifyRequest): void {
  const keys = Object.keys((request.query ?? {}) as Record<string, unknown>);
  const filter = keys.find((k) => FILTER_PARAM.test(k));
  if (filter)
    throw new CloudError(
      "invalid",
      "shape_filter_refused",
      `El parámetro "${filter}" no se acepta: la nube fija qué filas recibe cada equipo`,
    );
}

/** Aborts when the appliance hangs up, so a long-poll or an upstream fetch stops at once. */
function hangupSignal(request: FastifyRequest): AbortSignal {
  const controller = new AbortController();
  request.raw.once("close", () => controller.abort());
  return controller.signal;
}

/**
 * GET /v1/shape for appliances: Electric's shape protocol over the appliance's own tenant and store.
 * With ELECTRIC_URL it proxies to Electric; otherwise it serves the protocol from shape_log.
 */
export const shapeRoutesWith =
  (options: ShapeServiceOptions): CloudRoutesFactory =>
  ({ sql, clock }) =>
  async (app) => {
    // Shapes travel gzipped when the appliance asks (fetch always does): a 50,000-product snapshot is
    // 61 MB of JSON and 2.5 MB gzipped, which is seconds instead of minutes on a shop's uplink. Level 1:
    // nearly the same size as the default for a fifth of the cloud's CPU. Registered in this plugin, so
    // it covers the shape route only (the snapshot, the live changes and Electric's proxied stream).
    await app.register(compress, {
      encodings: ["gzip"],
      threshold: 1024,
      zlibOptions: { level: zlib.Z_BEST_SPEED },
    });
    app.get(
      "/shape",
      {
        config: { auth: "appliance" },
        preValidation: async (request) => refuseFilters(request),
        // No response schema: the body is already JSON text (or Electric's stream, whatever its status),
        // which Fastify would not serialize anyway. Its contract is contracts/src/http/cloud-shapes.ts,
        // held against real answers by shape.contract.test.ts.
        schema: { querystring: ShapeQuery },
      },
      async (request, reply) => {
        const { tenantId, storeId } = applianceOf(request);
        const query = request.query as ShapeQueryT;
        const table = SHAPE_TABLES[query.table];
        const columns = parseColumns(table, query.columns);
        if (!columns)
          throw new CloudError(
            "invalid",
            "shape_columns_invalid",
            `Las columnas pedidas no son de "${table.name}" o no incluyen la clave "${table.key}"`,
          );
        if (query.offset !== "-1" && query.offset !== "now" && !query.handle)
          throw new CloudError(
            "invalid",
            "shape_handle_required",
            "Falta el parámetro handle para continuar desde ese offset",
          );
        const signal = hangupSignal(request);
        // An appliance (re)connecting to its entitlements gets a freshly signed cloud time, so its grace
        // period counts from now (a live long-poll is not a connect: re-signing there would wake itself).
        if (table.name === "entitlement_records" && query.live !== "true")
          await sql.withTenant(tenantId, (q) =>
            issueEntitlements(q, tenantId, clock.now(), { refreshAfterMs: ON_CONNECT_MS }),
          );

        if (options.electric) {
          const upstream = await fetch(
            electricShapeUrl(options.electric, table, { tenantId, storeId }, query),
            {
              signal,
            },
          );
          reply.status(upstream.status).headers(forwardedHeaders(upstream.headers));
          return reply.send(upstream.body ? Readable.fromWeb(upstream.body as never) : "");
        }

        const response = await serveShape(
          sql,
          {
            tenantId,
            storeId,
            table,
            columns,
            compactClocks: request.headers[COMPACT_CLOCKS_HEADER] === COMPACT_CLOCKS,
          },
          {
            offset: query.offset,
            live: query.live === "true",
            ...(query.handle ? { handle: query.handle } : {}),
            ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
          },
          {
            liveTimeoutMs: options.liveTimeoutMs ?? 20_000,
            pollMs: options.pollMs ?? 500,
            maxChanges: options.maxChanges ?? 5_000,
            // Transport timing (how long to hold a long-poll), not domain time: the real clock.
            now: () => Date.now(),
          },
          signal,
        );
        return reply.status(response.status).headers(response.headers).send(response.body);
      },
    );
  };

/** The registered plugin: configured from the environment when the server is built. */
export const shapeRoutes: CloudRoutesFactory = (deps) => shapeRoutesWith(shapeOptionsFromEnv())(deps);
