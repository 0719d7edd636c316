import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  ChannelsAnswer,
  ConnectAnswer,
  ConnectBody,
  ConnectionParams,
  ConnectionSettingsBody,
  LogEntryParams,
  MapBody,
  MappingAnswer,
  ProductChannelBody,
  ProductParams,
  RefreshAnswer,
  RetryAnswer,
  SyncLogAnswer,
} from "@mostrador/contracts/http/cloud-channels";
import { Type } from "@sinclair/typebox";
import { CloudError } from "../core/errors.js";
import { ownerOf, requireRole } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import type { ChannelsConfig } from "./config.js";
import { connectionOf, finishConnect, startConnect } from "./connections.js";
import { enqueuePush, mapByHand, refreshListings } from "./mapping.js";
import { receiveMercadoLibre, receiveTiendanube, type WebhookOutcome } from "./orders.js";
import { listConnections, mappingOf, syncLogOf } from "./views.js";

const ChannelParams = Type.Object(
  { channel: Type.Union([Type.Literal("tiendanube"), Type.Literal("mercadolibre")]) },
  { additionalProperties: false },
);
const CallbackQuery = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 200, pattern: "^[A-Za-z0-9_.-]+$" }),
    state: Type.String({ minLength: 20, maxLength: 100, pattern: "^[A-Za-z0-9_-]+$" }),
  },
  { additionalProperties: true },
);

/** The owner's "Canales": connect, settings, mapping, sync log and "Reintentar". */
export const channelsRoutes =
  (config: ChannelsConfig): CloudRoutesFactory =>
  ({ sql, clock }) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const owner = { preHandler: requireRole("owner") };
    const tenantOf = (request: Parameters<typeof ownerOf>[0]) => ownerOf(request).tenantId;

    app.get("/channels", { schema: { response: { 200: ChannelsAnswer } } }, async (request) => ({
      available: { tiendanube: config.tiendanube !== null, mercadolibre: config.mercadolibre !== null },
      connections: await sql.withTenant(tenantOf(request), listConnections),
    }));

    app.post(
      "/channels/connect",
      { ...owner, schema: { body: ConnectBody, response: { 200: ConnectAnswer } } },
      async (request) => ({
        authorizeUrl: await startConnect(
          sql,
          config,
          clock,
          tenantOf(request),
          request.body.storeId,
          request.body.channel,
        ),
      }),
    );

    app.put(
      "/channels/:id/settings",
      { ...owner, schema: { params: ConnectionParams, body: ConnectionSettingsBody } },
      async (request, reply) => {
        const b = request.body;
        const tenantId = tenantOf(request);
        await sql.withTenant(tenantId, async (q) => {
          await connectionOf(q, request.params.id);
          await q.query(
            `UPDATE channel_connections SET safety_margin = $2, markup_bp = $3, stale_policy = $4, stale_minutes = $5, stale_cap = $6, updated_at = $7 WHERE id = $1`,
            [
              request.params.id,
              b.safetyMargin,
              b.markupBp,
              b.stalePolicy,
              b.staleMinutes,
              b.staleCap,
              clock.now(),
            ],
          );
          const linked = await q.query<{ product_id: string }>(
            `SELECT product_id FROM channel_listings WHERE connection_id = $1 AND product_id IS NOT NULL`,
            [request.params.id],
          );
          await enqueuePush(
            q,
            tenantId,
            request.params.id,
            linked.map((l) => l.product_id),
            clock.now(),
          );
        });
        return reply.code(204).send();
      },
    );

    app.post(
      "/channels/:id/listings/refresh",
      { ...owner, schema: { params: ConnectionParams, response: { 200: RefreshAnswer } } },
      async (request) => {
        await sql.withTenant(tenantOf(request), (q) => connectionOf(q, request.params.id));
        return refreshListings(sql, config, clock, tenantOf(request), request.params.id);
      },
    );

    app.get(
      "/channels/:id/mapping",
      { schema: { params: ConnectionParams, response: { 200: MappingAnswer } } },
      async (request) => sql.withTenant(tenantOf(request), (q) => mappingOf(q, request.params.id)),
    );

    app.put(
      "/channels/:id/mapping",
      { ...owner, schema: { params: ConnectionParams, body: MapBody } },
      async (request, reply) => {
        const { remoteProductId, remoteVariantId, productId } = request.body;
        await mapByHand(
          sql,
          clock,
          tenantOf(request),
          request.params.id,
          { remoteProductId, remoteVariantId },
          productId,
        );
        return reply.code(204).send();
      },
    );

    app.put(
      "/channels/:id/products/:productId",
      { ...owner, schema: { params: ProductParams, body: ProductChannelBody } },
      async (request, reply) => {
        const tenantId = tenantOf(request);
        const { id, productId } = request.params;
        await sql.withTenant(tenantId, async (q) => {
          await connectionOf(q, id);
          const [product] = await q.query("SELECT 1 FROM products WHERE id = $1", [productId]);
          if (!product)
            throw new CloudError("not_found", "product_not_found", "Ese producto no existe en el catálogo");
          await q.query(
            `INSERT INTO channel_product_settings (tenant_id, connection_id, product_id, safety_margin, fixed_price, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (tenant_id, connection_id, product_id)
             DO UPDATE SET safety_margin = excluded.safety_margin, fixed_price = excluded.fixed_price, updated_at = excluded.updated_at`,
            [tenantId, id, productId, request.body.safetyMargin, request.body.fixedPrice, clock.now()],
          );
          const [linked] = await q.query(
            `SELECT 1 FROM channel_listings WHERE connection_id = $1 AND product_id = $2`,
            [id, productId],
          );
          if (linked) await enqueuePush(q, tenantId, id, [productId], clock.now());
        });
        return reply.code(204).send();
      },
    );

    app.get(
      "/channels/:id/log",
      { schema: { params: ConnectionParams, response: { 200: SyncLogAnswer } } },
      async (request) => ({
        entries: await sql.withTenant(tenantOf(request), (q) => syncLogOf(q, request.params.id)),
      }),
    );

    app.post(
      "/channels/:id/log/:entryId/retry",
      { ...owner, schema: { params: LogEntryParams, response: { 200: RetryAnswer } } },
      async (request) => {
        const tenantId = tenantOf(request);
        const { id, entryId } = request.params;
        return sql.withTenant(tenantId, async (q) => {
          await connectionOf(q, id);
          const [entry] = await q.query<{ product_id: string | null }>(
            `UPDATE channel_sync_log SET retried_at = $3 WHERE connection_id = $1 AND id = $2 RETURNING product_id`,
            [id, entryId, clock.now()],
          );
          if (!entry)
            throw new CloudError("not_found", "log_entry_not_found", "Esa entrada del registro no existe");
          const products = entry.product_id
            ? [entry.product_id]
            : (
                await q.query<{ product_id: string }>(
                  `SELECT product_id FROM channel_listings WHERE connection_id = $1 AND product_id IS NOT NULL`,
                  [id],
                )
              ).map((r) => r.product_id);
          const linked = await q.query<{ product_id: string }>(
            `SELECT product_id FROM channel_listings WHERE connection_id = $1 AND product_id = ANY($2::uuid[])`,
            [id, products],
          );
          await q.query(`UPDATE channel_connections SET paused_until = NULL WHERE id = $1`, [id]);
          await enqueuePush(
            q,
            tenantId,
            id,
            linked.map((l) => l.product_id),
            clock.now(),
          );
          // An entry about no one product (a fulfilment the channel refused, say) also sends again this
          // connection's fulfilments kept as failed: "Reintentar" is the owner's way past a lasting refusal.
          const fulfilments = entry.product_id
            ? []
            : await q.query<{ order_id: string }>(
                `UPDATE online_order_fulfilments f SET failed = NULL, attempts = 0, due_at = $2
                   FROM online_orders o
                  WHERE o.tenant_id = f.tenant_id AND o.id = f.order_id AND o.connection_id = $1
                    AND f.failed IS NOT NULL AND f.sent_at IS NULL
                  RETURNING f.order_id`,
                [id, clock.now()],
              );
          return { queued: linked.length + fulfilments.length };
        });
      },
    );
  };

/**
 * What the channels call without our session: the OAuth callback (the browser, sent back by the
 * channel) and the order webhooks (bodies read as text: Tiendanube signs the raw bytes, and Mercado
 * Libre's application_id must be read as digits).
 */
export const channelsPublicRoutes =
  (config: ChannelsConfig): CloudRoutesFactory =>
  ({ sql, clock }) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    app.removeContentTypeParser("application/json");
    app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) =>
      done(null, body),
    );

    app.get(
      "/channels/oauth/:channel/callback",
      { config: { auth: "public" }, schema: { params: ChannelParams, querystring: CallbackQuery } },
      async (request, reply) => {
        await finishConnect(
          sql,
          config,
          clock,
          request.params.channel,
          request.query.state,
          request.query.code,
        );
        return reply.redirect(`/#canales?conectado=${request.params.channel}`);
      },
    );

    const answer = (outcome: WebhookOutcome, reply: { code(n: number): { send(b: unknown): unknown } }) =>
      outcome.kind === "retry_later"
        ? reply.code(503).send({
            error: {
              code: "channel_unreachable",
              message: "No se pudo consultar el canal; reintentá más tarde",
            },
          })
        : reply.code(200).send({ ok: true });

    app.post(
      "/channels/tiendanube/webhooks",
      { config: { auth: "public", textCheck: "query-and-params" } },
      async (request, reply) => {
        const raw = typeof request.body === "string" ? request.body : "";
        const signature = request.headers["x-linkedstore-hmac-sha256"];
        return answer(
          await receiveTiendanube(
            sql,
            config,
            clock,
            raw,
            Array.isArray(signature) ? signature[0] : signature,
          ),
          reply,
        );
      },
    );

    app.post(
      "/channels/mercadolibre/webhooks",
      { config: { auth: "public", textCheck: "query-and-params" } },
      async (request, reply) => {
        const raw = typeof request.body === "string" ? request.body : "";
        return answer(await receiveMercadoLibre(sql, config, clock, raw), reply);
      },
    );
  };
