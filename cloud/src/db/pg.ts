import pg from "pg";
import { PreparedNames } from "./prepared-names.js";
import {
  assertNotInsideTx,
  isUuid,
  parseInt8,
  quoteIdent,
  runInsideTx,
  type Queryable,
  type Row,
  type Sql,
} from "./sql.js";

/** The role the service acts as: NOLOGIN, NOBYPASSRLS, owns nothing (created by 0001_tenancy.sql). */
export const SERVICE_ROLE = "mostrador_app";

export interface PgSqlOptions {
  connectionString: string;
  /**
   * Role to `SET ROLE` to on every new connection before it runs anything. Default: the service role.
   * `null` only for the migration owner (migrations, test set-up), never for the service.
   */
  role?: string | null;
  /** Pool size. */
  max?: number;
  /** Name the statements sent over and over (prepared-names.ts). Default on. */
  prepare?: boolean;
}

const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID && format !== "binary"
      ? parseInt8
      : pg.types.getTypeParser(oid, format ?? "text")) as typeof pg.types.getTypeParser,
};

function queryable(client: pg.PoolClient, prepared: PreparedNames | null): Queryable {
  return {
    async query<T = Row>(text: string, params?: readonly unknown[]) {
      // Only with parameters: a text without them may hold several statements (the simple protocol's).
      const name = params && prepared ? prepared.nameOf(text) : undefined;
      const values = params as unknown[] | undefined;
      const result = await client.query(name ? { name, text, values } : { text, values });
      return result.rows as T[];
    },
    async exec(text: string) {
      // No parameters → the simple query protocol, which accepts several statements.
      await client.query(text);
    },
  };
}

/** PostgreSQL through a pg Pool. Every connection acts as `role` (RLS applies) before its first query. */
export function openPgSql(options: PgSqlOptions): Sql {
  const role = options.role === undefined ? SERVICE_ROLE : options.role;
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10, types });
  // Idle clients can fail (server restart); without a listener the pool's 'error' would crash the process.
  pool.on("error", () => {});
  const roleSet = new WeakSet<pg.PoolClient>();
  const prepared = options.prepare === false ? null : new PreparedNames();

  // The role is set on first use of each physical connection and awaited, rather than fired from the
  // pool's 'connect' event: if SET ROLE failed there, the next query would silently run as the login
  // role. Here a failure throws and the connection is discarded.
  async function acquire(): Promise<pg.PoolClient> {
    const client = await pool.connect();
    if (role === null || roleSet.has(client)) return client;
    try {
      await client.query(`SET ROLE ${quoteIdent(role)}`);
      roleSet.add(client);
      return client;
    } catch (err) {
      client.release(true);
      throw err;
    }
  }

  /** Runs fn in one transaction on one connection, opened by `begin` (BEGIN, and what goes with it). */
  async function inTransaction<T>(begin: string, fn: (q: Queryable) => Promise<T>): Promise<T> {
    assertNotInsideTx();
    const client = await acquire();
    let broken = false;
    try {
      await client.query(begin);
      const result = await runInsideTx(() => fn(queryable(client, prepared)));
      await client.query("COMMIT");
      return result;
    } catch (err) {
      try {
        await client.query("ROLLBACK");
      } catch {
        broken = true; // the connection is unusable: destroy it instead of returning it to the pool
      }
      throw err;
    } finally {
      client.release(broken);
    }
  }

  const sql: Sql = {
    async query<T = Row>(text: string, params?: readonly unknown[]) {
      assertNotInsideTx();
      const client = await acquire();
      try {
        return await queryable(client, prepared).query<T>(text, params);
      } finally {
        client.release();
      }
    },
    async exec(text: string) {
      assertNotInsideTx();
      const client = await acquire();
      try {
        await client.query(text);
      } finally {
        client.release();
      }
    },
    tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
      return inTransaction("BEGIN", fn);
    },
    async withTenant<T>(tenantId: string, fn: (q: Queryable) => Promise<T>): Promise<T> {
      // As setTenant (sql.ts), but sent with the BEGIN: one round trip less for every tenant transaction
      // (an upload batch is a handful of statements, so it counted). The id goes in as a literal, which
      // is why it must be a UUID: nothing else can reach the SQL text.
      if (!isUuid(tenantId)) throw new Error(`tenant id inválido: ${String(tenantId)}`);
      return inTransaction(`BEGIN; SELECT set_config('app.tenant_id', '${tenantId}', true)`, fn);
    },
    listen: (channel, onNotify, onListening) =>
      listenOn(options.connectionString, channel, onNotify, onListening),
    async close() {
      await pool.end();
    },
  };
  return sql;
}

/** How long a lost LISTEN connection waits before it reconnects. */
const RELISTEN_MS = 1_000;

/**
 * LISTEN on a dedicated connection, outside the pool (a pooled one would be handed to queries and its
 * LISTEN would end with the session it shares). A lost connection reconnects every RELISTEN_MS until
 * stopped; the first connect's failure is thrown to the caller.
 */
async function listenOn(
  connectionString: string,
  channel: string,
  onNotify: (payload: string) => void,
  onListening: (listening: boolean) => void = () => {},
): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = async () => {
    const c = new pg.Client({ connectionString });
    c.on("notification", (n) => {
      if (n.channel === channel) onNotify(n.payload ?? "");
    });
    const lost = () => {
      if (client !== c) return;
      client = null;
      onListening(false);
      void c.end().catch(() => {});
      if (!stopped) retry = setTimeout(reconnect, RELISTEN_MS);
    };
    c.on("error", lost);
    c.on("end", lost);
    try {
      await c.connect();
      await c.query(`LISTEN ${quoteIdent(channel)}`);
    } catch (err) {
      void c.end().catch(() => {});
      throw err;
    }
    client = c;
    onListening(true);
  };
  const reconnect = () => {
    retry = null;
    if (!stopped) connect().catch(() => !stopped && (retry = setTimeout(reconnect, RELISTEN_MS)));
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = null;
    await c?.end().catch(() => {});
  };
}
