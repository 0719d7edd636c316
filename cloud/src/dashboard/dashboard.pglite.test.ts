import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloudMigrations } from "../modules.js";
import { openPgliteSql } from "../db/pglite.js";
import type { Sql } from "../db/sql.js";
import { bearer, json, openTestCloud, ownerWithStore, type TestCloud } from "../test-support/test-cloud.js";
import type { SalesSummary, StoresAnswer } from "@mostrador/contracts/http/dashboard";

// npm start runs the cloud on PGlite: the dashboard's SQL (15-minute slots, lateral joins) must work there too.
let sql: Sql;
let cloud: TestCloud;
let a: Awaited<ReturnType<typeof ownerWithStore>>;

beforeAll(async () => {
  sql = await openPgliteSql({ migrate: cloudMigrations() });
  cloud = await openTestCloud(sql);
  a = await ownerWithStore(sql, cloud, "pglite");
  // Written as the tenant through the service role (PGlite has no separate owner connection here).
  await sql.withTenant(a.tenantId, (q) =>
    q.query(
      `INSERT INTO sales (tenant_id, id, store_id, appliance_id, terminal_id, terminal_code, number, display_number,
         cash_session_id, status, created_at, staff_id, staff_name, subtotal, discount_total, total, net_total, iva_total)
       VALUES ($1, 's1', $2, $3, 't1', 1, 1, '0001-1', 'cs1', 'completed', '2026-03-02T11:30:00Z', 'st', 'Ana',
         9900, 0, 9900, 9900, 0)`,
      [a.tenantId, a.storeId, randomUUID()],
    ),
  );
}, 60_000);

afterAll(async () => {
  await cloud.close();
  await sql.close();
});

describe("dashboard on PGlite", () => {
  it("sums today's sales by local hour and lists the stores", async () => {
    const res = await cloud.app.inject({
      method: "GET",
      url: "/v1/dashboard/sales",
      headers: bearer(a.token),
    });
    expect(res.statusCode, res.body).toBe(200);
    const s = json<SalesSummary>(res);
    expect(s.totals).toEqual({ total: 9900, tickets: 1, averageTicket: 9900 });
    expect(s.byHour[8]?.total).toBe(9900);
    for (const url of ["/v1/dashboard/stock", "/v1/dashboard/alarms", "/v1/dashboard/catalog"])
      expect((await cloud.app.inject({ method: "GET", url, headers: bearer(a.token) })).statusCode, url).toBe(
        200,
      );
    const stores = json<StoresAnswer>(
      await cloud.app.inject({ method: "GET", url: "/v1/dashboard/stores", headers: bearer(a.token) }),
    );
    expect(stores.stores[0]).toMatchObject({ id: a.storeId, timeZone: "America/Argentina/Buenos_Aires" });
  });
});
