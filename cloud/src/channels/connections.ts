import { randomBytes } from "node:crypto";
import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable, Sql } from "../db/sql.js";
import {
  CHANNEL_LABEL,
  ChannelError,
  type ChannelClient,
  type ChannelName,
  type ChannelOAuth,
  type ChannelTokens,
} from "./channel-client.js";
import { type ChannelsConfig, redirectUriOf, webhookUrlOf } from "./config.js";
import type { TokenSource } from "./http.js";
import { mercadoLibreClient, mercadoLibreOAuth } from "./mercadolibre/client.js";
import { tiendanubeClient, tiendanubeOAuth } from "./tiendanube/client.js";

export interface ConnectionRow {
  id: string;
  store_id: string;
  channel: ChannelName;
  account_id: string;
  access_sealed: string;
  refresh_sealed: string | null;
  expires_at: Date | null;
  safety_margin: number;
  markup_bp: number;
  stale_policy: "cap" | "pause" | "none";
  stale_minutes: number;
  stale_cap: number;
  stale_since: Date | null;
  paused_until: Date | null;
  status: "active" | "needs_reconnect";
}

/** A token is refreshed this long before it expires, so no call goes out with one about to lapse. */
const REFRESH_AHEAD_MS = 5 * 60_000;
const STATE_TTL_MS = 15 * 60_000;

function appOf(config: ChannelsConfig, channel: ChannelName) {
  const app = config[channel];
  if (!app)
    throw new CloudError(
      "conflict",
      "channel_not_configured",
      `La conexión con ${CHANNEL_LABEL[channel]} no está habilitada en esta nube (falta registrar la aplicación)`,
    );
  return app;
}

export function oauthOf(config: ChannelsConfig, channel: ChannelName, clock: Clock): ChannelOAuth {
  return channel === "tiendanube"
    ? tiendanubeOAuth(appOf(config, "tiendanube") as NonNullable<ChannelsConfig["tiendanube"]>)
    : mercadoLibreOAuth(appOf(config, "mercadolibre") as NonNullable<ChannelsConfig["mercadolibre"]>, () =>
        clock.now(),
      );
}

/** "Conectar": a single-use state for this store and channel, and the channel's authorize URL. */
export async function startConnect(
  sql: Sql,
  config: ChannelsConfig,
  clock: Clock,
  tenantId: string,
  storeId: string,
  channel: ChannelName,
): Promise<string> {
  const oauth = oauthOf(config, channel, clock);
  const state = randomBytes(24).toString("base64url");
  const now = clock.now();
  await sql.withTenant(tenantId, async (q) => {
    const [store] = await q.query("SELECT 1 FROM stores WHERE id = $1", [storeId]);
    if (!store) throw new CloudError("not_found", "store_not_found", "Ese local no existe en esta cuenta");
    await q.query(
      `INSERT INTO channel_oauth_states (tenant_id, state, store_id, channel, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [tenantId, state, storeId, channel, new Date(now.getTime() + STATE_TTL_MS)],
    );
  });
  return oauth.authorizeUrl(state, redirectUriOf(config, channel));
}

/**
 * The channel sent the seller back with a code: the state must be ours, unused, unexpired and for this
 * channel; the code is exchanged, the tokens sealed, the order webhooks subscribed. Returns the store.
 */
export async function finishConnect(
  sql: Sql,
  config: ChannelsConfig,
  clock: Clock,
  channel: ChannelName,
  state: string,
  code: string,
): Promise<{ tenantId: string; connectionId: string }> {
  const refused = () =>
    new CloudError(
      "invalid",
      "bad_oauth_state",
      "El enlace de autorización no es válido o ya venció: volvé a tocar «Conectar»",
    );
  const [row] = await sql.query<{ tenant: string | null }>("SELECT channels_tenant_of_state($1) AS tenant", [
    state,
  ]);
  const tenantId = row?.tenant;
  if (!tenantId) throw refused();
  const now = clock.now();
  const claimed = await sql.withTenant(tenantId, (q) =>
    q.query<{ store_id: string }>(
      `UPDATE channel_oauth_states SET used_at = $3 WHERE state = $1 AND channel = $2 AND used_at IS NULL AND expires_at > $3
       RETURNING store_id`,
      [state, channel, now],
    ),
  );
  const storeId = claimed[0]?.store_id;
  if (!storeId) throw refused();
  let tokens: ChannelTokens;
  try {
    tokens = await oauthOf(config, channel, clock).exchangeCode(code, redirectUriOf(config, channel));
  } catch (err) {
    if (err instanceof ChannelError) throw new CloudError("invalid", "oauth_refused", err.message);
    throw err;
  }
  const [other] = await sql.query<{ tenant_id: string | null }>(
    "SELECT tenant_id FROM channels_connection_of_account($1, $2)",
    [channel, tokens.accountId],
  );
  if (other && other.tenant_id !== tenantId)
    throw new CloudError(
      "conflict",
      "channel_account_taken",
      `Esa cuenta de ${CHANNEL_LABEL[channel]} ya está conectada a otra cuenta de Mostrador`,
    );
  const connectionId = await sql.withTenant(tenantId, async (q) => {
    const [saved] = await q.query<{ id: string }>(
      `INSERT INTO channel_connections (tenant_id, id, store_id, channel, account_id, access_sealed, refresh_sealed, expires_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
       ON CONFLICT (tenant_id, store_id, channel) DO UPDATE SET account_id = excluded.account_id,
         access_sealed = excluded.access_sealed, refresh_sealed = excluded.refresh_sealed,
         expires_at = excluded.expires_at, status = 'active', updated_at = excluded.updated_at
       RETURNING id`,
      [
        tenantId,
        newId(),
        storeId,
        channel,
        tokens.accountId,
        config.secrets.seal(tokens.accessToken),
        tokens.refreshToken ? config.secrets.seal(tokens.refreshToken) : null,
        tokens.expiresAt,
        now,
      ],
    );
    return saved!.id;
  });
  const client = await clientFor(sql, config, clock, tenantId, connectionId);
  try {
    await client.subscribeOrders(webhookUrlOf(config, channel));
  } catch (err) {
    if (!(err instanceof ChannelError)) throw err;
    await logEntry(
      sql,
      tenantId,
      connectionId,
      now,
      "error",
      `No se pudieron suscribir los avisos de pedidos: ${err.message}`,
    );
  }
  return { tenantId, connectionId };
}

export async function connectionOf(q: Queryable, connectionId: string): Promise<ConnectionRow> {
  const [row] = await q.query<ConnectionRow>("SELECT * FROM channel_connections WHERE id = $1", [
    connectionId,
  ]);
  if (!row)
    throw new CloudError("not_found", "connection_not_found", "Esa conexión no existe en esta cuenta");
  return row;
}

/**
 * The tokens of a connection as a client needs them: refreshed ahead of expiry and after a 401, the new
 * (single-use) refresh token stored in the same UPDATE. A refused refresh marks the connection
 * "needs_reconnect".
 */
export function tokenSource(
  sql: Sql,
  config: ChannelsConfig,
  clock: Clock,
  tenantId: string,
  connectionId: string,
): TokenSource {
  const refresh = async (): Promise<string | null> => {
    const conn = await sql.withTenant(tenantId, (q) => connectionOf(q, connectionId));
    if (!conn.refresh_sealed) {
      await markNeedsReconnect(sql, tenantId, connectionId, clock.now());
      return null;
    }
    try {
      const tokens = await oauthOf(config, conn.channel, clock).refresh(
        config.secrets.open(conn.refresh_sealed),
      );
      await sql.withTenant(tenantId, (q) =>
        q.query(
          `UPDATE channel_connections SET access_sealed = $2, refresh_sealed = $3, expires_at = $4, updated_at = $5 WHERE id = $1`,
          [
            connectionId,
            config.secrets.seal(tokens.accessToken),
            tokens.refreshToken ? config.secrets.seal(tokens.refreshToken) : null,
            tokens.expiresAt,
            clock.now(),
          ],
        ),
      );
      return tokens.accessToken;
    } catch (err) {
      if (err instanceof ChannelError && err.failure === "unauthorized") {
        await markNeedsReconnect(sql, tenantId, connectionId, clock.now());
        return null;
      }
      throw err;
    }
  };
  return {
    async current() {
      const conn = await sql.withTenant(tenantId, (q) => connectionOf(q, connectionId));
      if (conn.expires_at && conn.expires_at.getTime() - REFRESH_AHEAD_MS <= clock.now().getTime()) {
        const fresh = await refresh();
        if (fresh) return fresh;
        throw new ChannelError(
          "unauthorized",
          `${CHANNEL_LABEL[conn.channel]} rechazó la autorización: volvé a conectar la cuenta`,
        );
      }
      return config.secrets.open(conn.access_sealed);
    },
    refreshed: refresh,
  };
}

async function markNeedsReconnect(sql: Sql, tenantId: string, connectionId: string, at: Date) {
  await sql.withTenant(tenantId, (q) =>
    q.query(`UPDATE channel_connections SET status = 'needs_reconnect', updated_at = $2 WHERE id = $1`, [
      connectionId,
      at,
    ]),
  );
}

/** The connection's API client (tests give clientFor in the config only through the apps' base URLs). */
export async function clientFor(
  sql: Sql,
  config: ChannelsConfig,
  clock: Clock,
  tenantId: string,
  connectionId: string,
): Promise<ChannelClient> {
  const conn = await sql.withTenant(tenantId, (q) => connectionOf(q, connectionId));
  const tokens = tokenSource(sql, config, clock, tenantId, connectionId);
  return conn.channel === "tiendanube"
    ? tiendanubeClient(
        appOf(config, "tiendanube") as NonNullable<ChannelsConfig["tiendanube"]>,
        conn.account_id,
        tokens,
      )
    : mercadoLibreClient(
        appOf(config, "mercadolibre") as NonNullable<ChannelsConfig["mercadolibre"]>,
        conn.account_id,
        tokens,
      );
}

/** One line of the connection's sync log. */
export async function logEntry(
  sql: Sql | Queryable,
  tenantId: string,
  connectionId: string,
  at: Date,
  level: "info" | "error",
  message: string,
  productId: string | null = null,
): Promise<void> {
  const insert = (q: Queryable) =>
    q.query(
      `INSERT INTO channel_sync_log (tenant_id, id, connection_id, at, level, message, product_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [tenantId, newId(), connectionId, at, level, message.slice(0, 500), productId],
    );
  if ("withTenant" in sql) await sql.withTenant(tenantId, insert);
  else await insert(sql);
}
