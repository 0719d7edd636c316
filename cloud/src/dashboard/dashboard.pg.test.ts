import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../auth/passwords.js";
import {
  bearer,
  enrolledAppliance,
  json,
  openTestCloud,
  ownerWithStore,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { seedAlarm, seedReturn, seedSale, seedStockLevel } from "./test-seed.js";
import type {
  AlarmsAnswer,
  SalesSummary,
  StockAnswer,
  StoresAnswer,
} from "@mostrador/contracts/http/dashboard";

// The test clock starts at 2026-03-02T12:00Z: 09:00 on Monday March 2nd in Buenos Aires (UTC−3).
let db: TestDatabase;
let cloud: TestCloud;
let a: Awaited<ReturnType<typeof ownerWithStore>>;
let storeA2: string;
let applianceA: string;

const get = async <T>(url: string, token = a.token) => {
  const res = await cloud.app.inject({ method: "GET", url, headers: bearer(token) });
  expect(res.statusCode, res.body).toBe(200);
  return json<T>(res);
};

beforeAll(async () => {
  db = await createTestDatabase();
  cloud = await openTestCloud(db.sql);
  a = await ownerWithStore(db.sql, cloud, "a");
  storeA2 = json<{ id: string }>(
    await cloud.app.inject({
      method: "POST",
      url: "/v1/stores",
      headers: bearer(a.token),
      payload: { name: "Local a (sucursal)" },
    }),
  ).id;
  applianceA = (await enrolledAppliance(cloud, a.token, a.storeId, "Caja A")).applianceId;
  const base = { tenantId: a.tenantId, storeId: a.storeId, applianceId: applianceA };
  // Today (local): 08:10 cash + debit, 08:40 transfer; a voided one at 08:50.
  await seedSale(db.owner, {
    ...base,
    at: "2026-03-02T11:10:00Z",
    total: 150_000,
    payments: [
      { method: "cash", amount: 50_000 },
      { method: "debit", amount: 100_000 },
    ],
    lines: [
      { productId: "p-yerba", description: "Yerba 1 kg", quantity: 2, total: 120_000 },
      { productId: "p-pan", description: "Pan", quantity: 1, total: 30_000 },
    ],
  });
  await seedSale(db.owner, {
    ...base,
    at: "2026-03-02T11:40:00Z",
    total: 25_001,
    payments: [{ method: "transfer", amount: 25_001 }],
    lines: [{ productId: "p-pan", description: "Pan", quantity: 1, total: 25_001 }],
  });
  const voided = await seedSale(db.owner, {
    ...base,
    at: "2026-03-02T11:50:00Z",
    total: 999_999,
    status: "voided",
  });
  // A return this morning of an older sale: shown apart, not subtracted from sales.
  await seedReturn(db.owner, {
    tenantId: a.tenantId,
    storeId: a.storeId,
    saleId: voided,
    at: "2026-03-02T11:55:00Z",
    total: 3_000,
  });
  // 23:30 on Sunday March 1st local (02:30 UTC on the 2nd): yesterday, not today.
  await seedSale(db.owner, { ...base, at: "2026-03-02T02:30:00Z", total: 40_000 });
  // Ten days ago: in 30 days, not in 7.
  await seedSale(db.owner, { ...base, at: "2026-02-20T15:00:00Z", total: 7_000 });
  // The second store, today.
  await seedSale(db.owner, { ...base, storeId: storeA2, at: "2026-03-02T12:00:00Z", total: 10_000 });
  // Its till's clock runs 10 minutes fast: stamped after the cloud's "now", still today.
  await seedSale(db.owner, { ...base, storeId: storeA2, at: "2026-03-02T12:10:00Z", total: 5_000 });

  await seedStockLevel(db.owner, {
    tenantId: a.tenantId,
    storeId: a.storeId,
    productId: "p-yerba",
    onHand: 3,
  });
  await seedStockLevel(db.owner, { tenantId: a.tenantId, storeId: storeA2, productId: "p-pan", onHand: 40 });
  await seedAlarm(db.owner, {
    tenantId: a.tenantId,
    storeId: a.storeId,
    severity: 3,
    status: "active",
    message: "Heladera a 9 °C",
    at: "2026-03-02T11:00:00Z",
  });
  await seedAlarm(db.owner, {
    tenantId: a.tenantId,
    storeId: storeA2,
    severity: 2,
    status: "cleared",
    message: "Puerta abierta",
    at: "2026-03-01T11:00:00Z",
  });
  await db.owner.query("UPDATE appliances SET backlog = 12, parked = 2, last_ingest_at = $2 WHERE id = $1", [
    applianceA,
    "2026-03-02T11:59:00Z",
  ]);
});

afterAll(async () => {
  await cloud.close();
  await db.drop();
});

describe("sales summary", () => {
  it("sums today's completed sales of a store in its time zone: total, tickets, average, hours, methods, products", async () => {
    const s = await get<SalesSummary>(`/v1/dashboard/sales?period=today&storeId=${a.storeId}`);
    expect(s.totals).toEqual({ total: 175_001, tickets: 2, averageTicket: 87_501 }); // 87 500,5 rounds up
    expect(s.returns).toEqual({ total: 3_000, count: 1 });
    expect(s.from).toBe("2026-03-02T03:00:00.000Z");
    expect(s.byHour[8]).toEqual({ hour: 8, total: 175_001, tickets: 2 });
    expect(s.byHour.filter((h) => h.total > 0)).toHaveLength(1);
    expect(s.byDay).toEqual([{ date: "2026-03-02", total: 175_001, tickets: 2 }]);
    expect(s.byPaymentMethod).toEqual([
      { method: "debit", total: 100_000, count: 1 },
      { method: "cash", total: 50_000, count: 1 },
      { method: "transfer", total: 25_001, count: 1 },
    ]);
    expect(s.topProducts.map((p) => [p.name, p.quantity, p.total])).toEqual([
      ["Yerba 1 kg", 2, 120_000],
      ["Pan", 2, 55_001],
    ]);
  });

  it("adds every store when no store is given, including a sale a fast till clock stamped ahead of now", async () => {
    const s = await get<SalesSummary>("/v1/dashboard/sales?period=today");
    expect(s.storeId).toBeNull();
    expect(s.totals.total).toBe(190_001);
    expect(s.totals.tickets).toBe(4);
  });

  it("puts last night's 23:30 sale on yesterday for 7 days, and the older one only in 30 days", async () => {
    const week = await get<SalesSummary>(`/v1/dashboard/sales?period=7d&storeId=${a.storeId}`);
    expect(week.byDay).toHaveLength(7);
    expect(week.byDay.find((d) => d.date === "2026-03-01")).toEqual({
      date: "2026-03-01",
      total: 40_000,
      tickets: 1,
    });
    expect(week.byHour[23]?.total).toBe(40_000);
    expect(week.totals.total).toBe(215_001);
    const month = await get<SalesSummary>(`/v1/dashboard/sales?period=30d&storeId=${a.storeId}`);
    expect(month.byDay).toHaveLength(30);
    expect(month.totals.total).toBe(222_001);
  });

  it("reads the day in the store's own time zone once the owner changes it", async () => {
    const res = await cloud.app.inject({
      method: "PATCH",
      url: `/v1/dashboard/stores/${storeA2}`,
      headers: bearer(a.token),
      payload: { timeZone: "asia/tokyo" },
    });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ id: storeA2, timeZone: "Asia/Tokyo" });
    // 12:00 UTC is 21:00 in Tokyo: the sale lands at hour 21 of that store's day.
    const s = await get<SalesSummary>(`/v1/dashboard/sales?period=today&storeId=${storeA2}`);
    expect(s.timeZone).toBe("Asia/Tokyo");
    expect(s.byHour[21]?.total).toBe(15_000);
    expect(s.from).toBe("2026-03-01T15:00:00.000Z");
    await cloud.app.inject({
      method: "PATCH",
      url: `/v1/dashboard/stores/${storeA2}`,
      headers: bearer(a.token),
      payload: { timeZone: "America/Argentina/Buenos_Aires" },
    });
  });

  it("answers zeros, not an error, for a day without sales", async () => {
    cloud.clock.advance(5 * 24 * 3600_000);
    try {
      const s = await get<SalesSummary>("/v1/dashboard/sales?period=today");
      expect(s.totals).toEqual({ total: 0, tickets: 0, averageTicket: 0 });
      expect(s.returns).toEqual({ total: 0, count: 0 });
      expect(s.topProducts).toEqual([]);
    } finally {
      cloud.clock.advance(-5 * 24 * 3600_000);
    }
  });
});

describe("stores, stock and alarms", () => {
  it("lists stores with their time zone and each appliance's sync status", async () => {
    const { stores } = await get<StoresAnswer>("/v1/dashboard/stores");
    expect(stores.map((s) => s.id)).toEqual([a.storeId, storeA2]);
    expect(stores[0]?.timeZone).toBe("America/Argentina/Buenos_Aires");
    expect(stores[0]?.appliances).toEqual([
      expect.objectContaining({
        id: applianceA,
        name: "Caja A",
        backlog: 12,
        parked: 2,
        lastSyncAt: "2026-03-02T11:59:00.000Z",
        revokedAt: null,
      }),
    ]);
    expect(stores[1]?.appliances).toEqual([]);
  });

  it("lists stock per store and filters to one store", async () => {
    const all = await get<StockAnswer>("/v1/dashboard/stock");
    expect(all.items.map((i) => [i.storeId, i.productId, i.onHand])).toEqual(
      expect.arrayContaining([
        [a.storeId, "p-yerba", 3],
        [storeA2, "p-pan", 40],
      ]),
    );
    const one = await get<StockAnswer>(`/v1/dashboard/stock?storeId=${storeA2}`);
    expect(one.items).toHaveLength(1);
    expect(one.items[0]).toMatchObject({ productId: "p-pan", name: "Pan", storeName: "Local a (sucursal)" });
  });

  it("shows open alarms from every store by default and cleared ones on request", async () => {
    const open = await get<AlarmsAnswer>("/v1/dashboard/alarms");
    expect(open.alarms.map((x) => x.message)).toEqual(["Heladera a 9 °C"]);
    expect(open.alarms[0]).toMatchObject({ severity: 3, state: "active", storeId: a.storeId });
    const all = await get<AlarmsAnswer>("/v1/dashboard/alarms?filter=all");
    expect(all.alarms.map((x) => x.message)).toEqual(["Heladera a 9 °C", "Puerta abierta"]);
  });

  it("lets only the owner change a store's time zone; a manager gets 403 and nothing changes", async () => {
    const email = `encargado-${Date.now()}@example.com`;
    await db.sql.withTenant(a.tenantId, async (q) =>
      q.query(
        `INSERT INTO accounts (id, tenant_id, email, password_hash, role, created_at) VALUES ($1, $2, $3, $4, 'manager', now())`,
        [crypto.randomUUID(), a.tenantId, email, await hashPassword("clave-encargado")],
      ),
    );
    const login = await cloud.app.inject({
      method: "POST",
      url: "/v1/auth/login",
      payload: { email, password: "clave-encargado" },
    });
    const token = json<{ token: string }>(login).token;
    const res = await cloud.app.inject({
      method: "PATCH",
      url: `/v1/dashboard/stores/${a.storeId}`,
      headers: bearer(token),
      payload: { timeZone: "UTC" },
    });
    expect(res.statusCode).toBe(403);
    const [row] = await db.owner.query<{ time_zone: string }>("SELECT time_zone FROM stores WHERE id = $1", [
      a.storeId,
    ]);
    expect(row?.time_zone).toBe("America/Argentina/Buenos_Aires");
    // A manager still reads the dashboard.
    expect((await get<SalesSummary>("/v1/dashboard/sales", token)).totals.tickets).toBe(4);
  });
});
