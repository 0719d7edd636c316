import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll } from "vitest";
import { createTenant } from "../auth/accounts.js";
import { ManualClock } from "../core/clock.js";
import type { CloudModule } from "../core/module.js";
import type { Sql } from "../db/sql.js";
import { buildCloudServer, type CloudServer } from "../server.js";
import { createTestDatabase, type TestDatabase } from "./test-database.js";

export interface TestCloud {
  app: CloudServer;
  clock: ManualClock;
  close(): Promise<void>;
}

/** The cloud API over `sql` with a ManualClock, for app.inject() tests. Does not close `sql`. */
export async function openTestCloud(
  sql: Sql,
  options: { modules?: readonly CloudModule[]; clock?: ManualClock } = {},
): Promise<TestCloud> {
  const clock = options.clock ?? new ManualClock();
  const app = await buildCloudServer(sql, {
    clock,
    ...(options.modules ? { modules: options.modules } : {}),
  });
  await app.ready();
  return { app, clock, close: () => app.close() };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function json<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return res.json() as T;
}

let counter = 0;

/** A tenant with its owner logged in and one store: what most API tests start from. */
export async function ownerWithStore(sql: Sql, cloud: TestCloud, label = "a") {
  counter++;
  const email = `duenio-${label}-${counter}-${Date.now()}@example.com`;
  const password = "clave-de-prueba-1";
  const { tenantId } = await createTenant(
    sql,
    { orgName: `Almacén ${label}`, ownerEmail: email, password },
    cloud.clock,
  );
  const loginRes = await cloud.app.inject({
    method: "POST",
    url: "/v1/auth/login",
    payload: { email, password },
  });
  const token = json<{ token: string }>(loginRes).token;
  const storeRes = await cloud.app.inject({
    method: "POST",
    url: "/v1/stores",
    headers: bearer(token),
    payload: { name: `Local ${label}` },
  });
  const storeId = json<{ id: string }>(storeRes).id;
  return { tenantId, email, password, token, storeId };
}

/** A pairing code for the store, redeemed: an enrolled appliance and its token. */
export async function enrolledAppliance(
  cloud: TestCloud,
  ownerToken: string,
  storeId: string,
  name = "Caja 1",
) {
  const codeRes = await cloud.app.inject({
    method: "POST",
    url: `/v1/stores/${storeId}/pairing-codes`,
    headers: bearer(ownerToken),
  });
  const { code } = json<{ code: string }>(codeRes);
  const res = await cloud.app.inject({
    method: "POST",
    url: "/v1/enroll",
    payload: { code, applianceName: name },
  });
  return json<{ applianceId: string; token: string; tenantId: string; storeId: string }>(res);
}

/**
 * What every authenticated request may write, whatever it asks: when a session was last used (touched at
 * most every few minutes, so a test whose clock jumped sees it move on a refused request too), and when
 * an API key was (every public API call is counted and dated, refused ones included).
 */
const REQUEST_BOOKKEEPING: Record<string, string> = {
  account_sessions: "last_used_at",
  api_keys: "last_used_at",
};

/** The public API's call counts (publicapi/usage.ts): counting a call, refused or not, is their job. */
const CALL_COUNTS = ["api_rate_windows", "api_monthly_usage"];

/**
 * Every row of every table, read as the owner (bypasses RLS): compare before/after a refused request.
 * Leaves out `auth_attempts`, the brute-force counters: counting a refused attempt is their job; the
 * public API's call counts, for the same reason; and the request bookkeeping above.
 */
export async function snapshot(owner: Sql): Promise<string> {
  const tables = await owner.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'auth_attempts' ORDER BY c.relname`,
  );
  const parts: Record<string, unknown[]> = {};
  for (const { relname } of tables) {
    if (CALL_COUNTS.includes(relname)) continue;
    const rows = await owner.query<Record<string, unknown>>(`SELECT * FROM "${relname}" ORDER BY 1`);
    const left = REQUEST_BOOKKEEPING[relname];
    // Rows whose bookkeeping was just updated may come back in another physical order: sorted here.
    parts[relname] = left
      ? rows.map(({ [left]: _bookkeeping, ...rest }) => JSON.stringify(rest)).sort()
      : rows;
  }
  return JSON.stringify(parts);
}

/** One cloud per test file: a throwaway database and the API over it, opened before and closed after. */
export function useTestCloud(): { readonly db: TestDatabase; readonly cloud: TestCloud } {
  const handles = {} as { db: TestDatabase; cloud: TestCloud };
  beforeAll(async () => {
    handles.db = await createTestDatabase();
    handles.cloud = await openTestCloud(handles.db.sql);
  });
  afterAll(async () => {
    await handles.cloud?.close();
    await handles.db?.drop();
  });
  return handles;
}

/** POST /v1/ingest as an appliance would: these ops, with its token. */
export function ingest(cloud: TestCloud, token: string, ops: unknown[]) {
  return cloud.app.inject({ method: "POST", url: "/v1/ingest", headers: bearer(token), payload: { ops } });
}
