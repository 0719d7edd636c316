import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  enrolledAppliance,
  json,
  openTestCloud,
  ownerWithStore,
  snapshot,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { HOSTILE_TEXT, HOSTILE_URL_TEXT } from "@mostrador/contracts/text-samples";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { seedAlarm, seedProduct, seedSale, seedStockLevel } from "./test-seed.js";
import type {
  AlarmsAnswer,
  SalesSummary,
  StockAnswer,
  StoresAnswer,
} from "@mostrador/contracts/http/dashboard";

let db: TestDatabase;
let cloud: TestCloud;
let a: Awaited<ReturnType<typeof ownerWithStore>>;
let b: Awaited<ReturnType<typeof ownerWithStore>>;
let productId: string;

const MISSING = "0190a0b0-0000-7000-8000-000000000000";

beforeAll(async () => {
  db = await createTestDatabase();
  cloud = await openTestCloud(db.sql);
  a = await ownerWithStore(db.sql, cloud, "a");
  b = await ownerWithStore(db.sql, cloud, "b");
  const applianceId = (await enrolledAppliance(cloud, a.token, a.storeId)).applianceId;
  const base = { tenantId: a.tenantId, storeId: a.storeId };
  await seedSale(db.owner, {
    ...base,
    applianceId,
    at: "2026-03-02T11:00:00Z",
    total: 50_000,
    lines: [{ productId: "p1", description: "Secreto de A", quantity: 1, total: 50_000 }],
  });
  await seedStockLevel(db.owner, { ...base, productId: "p1", onHand: 1 });
  productId = await seedProduct(db.owner, {
    tenantId: a.tenantId,
    sku: "YER-1",
    name: "Yerba Mate 1 kg",
    price: 450_000,
    lowStockThreshold: 5,
  });
  await seedAlarm(db.owner, {
    ...base,
    severity: 4,
    status: "active",
    message: "Alarma de A",
    at: "2026-03-02T11:00:00Z",
  });
});

afterAll(async () => {
  await cloud.close();
  await db.drop();
});

interface Case {
  name: string;
  method: "GET" | "PATCH";
  url: () => string;
  body?: unknown;
  raw?: string;
  status: number;
  code?: string;
  message?: RegExp;
}

const cases: Case[] = [
  {
    name: "sales: unknown period",
    method: "GET",
    url: () => "/v1/dashboard/sales?period=yesterday",
    status: 400,
    message: /valor no permitido/,
  },
  {
    name: "sales: store id not a uuid",
    method: "GET",
    url: () => "/v1/dashboard/sales?storeId=1%20OR%201=1",
    status: 400,
    message: /formato válido/,
  },
  {
    name: "sales: unknown parameter",
    method: "GET",
    url: () => "/v1/dashboard/sales?where=true",
    status: 400,
    message: /no se reconoce/,
  },
  {
    name: "sales: unknown store",
    method: "GET",
    url: () => `/v1/dashboard/sales?storeId=${MISSING}`,
    status: 404,
    code: "store_not_found",
  },
  {
    name: "stock: limit zero",
    method: "GET",
    url: () => "/v1/dashboard/stock?limit=0",
    status: 400,
    message: /como mínimo 1/,
  },
  {
    name: "stock: absurd limit",
    method: "GET",
    url: () => "/v1/dashboard/stock?limit=99999999999",
    status: 400,
    message: /como máximo/,
  },
  { name: "stock: negative limit", method: "GET", url: () => "/v1/dashboard/stock?limit=-5", status: 400 },
  { name: "stock: fractional limit", method: "GET", url: () => "/v1/dashboard/stock?limit=2.5", status: 400 },
  {
    name: "stock: lowOnly not a boolean",
    method: "GET",
    url: () => "/v1/dashboard/stock?lowOnly=quizas",
    status: 400,
  },
  {
    name: "stock: unknown store",
    method: "GET",
    url: () => `/v1/dashboard/stock?storeId=${MISSING}`,
    status: 404,
    code: "store_not_found",
  },
  {
    name: "alarms: unknown filter",
    method: "GET",
    url: () => "/v1/dashboard/alarms?filter=hot",
    status: 400,
  },
  {
    name: "alarms: unknown store",
    method: "GET",
    url: () => `/v1/dashboard/alarms?storeId=${MISSING}`,
    status: 404,
  },
  {
    name: "store tz: malformed JSON",
    method: "PATCH",
    url: () => `/v1/dashboard/stores/${a.storeId}`,
    raw: '{"timeZone":',
    status: 400,
    code: "malformed_json",
  },
  {
    name: "store tz: missing field",
    method: "PATCH",
    url: () => `/v1/dashboard/stores/${a.storeId}`,
    body: {},
    status: 400,
    message: /Falta el campo "timeZone"/,
  },
  {
    name: "store tz: wrong type",
    method: "PATCH",
    url: () => `/v1/dashboard/stores/${a.storeId}`,
    body: { timeZone: -3 },
    status: 400,
    message: /tipo string/,
  },
  {
    name: "store tz: unknown zone",
    method: "PATCH",
    url: () => `/v1/dashboard/stores/${a.storeId}`,
    body: { timeZone: "America/Atlantis" },
    status: 400,
    code: "time_zone_unknown",
  },
  {
    name: "store tz: absurdly long",
    method: "PATCH",
    url: () => `/v1/dashboard/stores/${a.storeId}`,
    body: { timeZone: "x".repeat(65) },
    status: 400,
    message: /máximo 64/,
  },
  {
    name: "store tz: extra field",
    method: "PATCH",
    url: () => `/v1/dashboard/stores/${a.storeId}`,
    body: { timeZone: "UTC", name: "X" },
    status: 400,
    message: /"name" no se reconoce/,
  },
  {
    name: "store tz: id not a uuid",
    method: "PATCH",
    url: () => "/v1/dashboard/stores/abc",
    body: { timeZone: "UTC" },
    status: 400,
  },
  {
    name: "store tz: unknown store",
    method: "PATCH",
    url: () => `/v1/dashboard/stores/${MISSING}`,
    body: { timeZone: "UTC" },
    status: 404,
    code: "store_not_found",
  },
  // Control characters and lone surrogates (@mostrador/platform/http/text-policy) at every dashboard endpoint: a 400
  // naming the field before any query runs, never a 500 from PostgreSQL refusing a NUL.
  ...HOSTILE_URL_TEXT.flatMap(({ label, text }): Case[] => [
    ...["sales", "stock", "alarms", "stores", "catalog"].map((endpoint): Case => ({
      name: `${endpoint}: ${label} in the query string`,
      method: "GET",
      url: () => `/v1/dashboard/${endpoint}?nota=${text}`,
      status: 400,
      code: "invalid_text",
      message: /"nota"/,
    })),
    {
      name: `catalog: ${label} in the search`,
      method: "GET",
      url: () => `/v1/dashboard/catalog?search=yerba${text}`,
      status: 400,
      code: "invalid_text",
      message: /"search"/,
    },
    {
      name: `sales: ${label} in the store id`,
      method: "GET",
      url: () => `/v1/dashboard/sales?storeId=${text}`,
      status: 400,
      code: "invalid_text",
    },
    {
      name: `catalog edit: ${label} in the product id`,
      method: "PATCH",
      url: () => `/v1/dashboard/catalog/${text}`,
      body: { price: 1 },
      status: 400,
      code: "invalid_text",
      message: /"id"/,
    },
    {
      name: `store tz: ${label} in the store id`,
      method: "PATCH",
      url: () => `/v1/dashboard/stores/${text}`,
      body: { timeZone: "UTC" },
      status: 400,
      code: "invalid_text",
    },
  ]),
  ...HOSTILE_TEXT.flatMap(({ label, text }): Case[] => [
    {
      name: `catalog edit: ${label} in the name`,
      method: "PATCH",
      url: () => `/v1/dashboard/catalog/${productId}`,
      body: { name: `Yerba ${text}` },
      status: 400,
      code: "invalid_text",
      message: /"name"/,
    },
    {
      name: `catalog edit: ${label} in a key`,
      method: "PATCH",
      url: () => `/v1/dashboard/catalog/${productId}`,
      body: { [`name${text}`]: "Yerba" },
      status: 400,
      code: "invalid_text",
      message: /El nombre del campo "name/,
    },
    {
      name: `store tz: ${label} in the zone`,
      method: "PATCH",
      url: () => `/v1/dashboard/stores/${a.storeId}`,
      body: { timeZone: `America/Argentina/Buenos_Aires${text}` },
      status: 400,
      code: "invalid_text",
      message: /"timeZone"/,
    },
  ]),
];

describe("dashboard bad input", () => {
  for (const c of cases)
    it(`refuses ${c.name} with a clear message and changes nothing`, async () => {
      const before = await snapshot(db.owner);
      const res = await cloud.app.inject({
        method: c.method,
        url: c.url(),
        headers: {
          ...bearer(a.token),
          ...(c.raw !== undefined ? { "content-type": "application/json" } : {}),
        },
        ...(c.raw !== undefined
          ? { payload: c.raw }
          : c.body !== undefined
            ? { payload: c.body as object }
            : {}),
      });
      expect(res.statusCode, res.body).toBe(c.status);
      const body = json<{ error: { code: string; message: string } }>(res);
      expect(body.error.message.length).toBeGreaterThan(5);
      if (c.code) expect(body.error.code).toBe(c.code);
      if (c.message) expect(body.error.message).toMatch(c.message);
      expect(await snapshot(db.owner)).toBe(before);
    });

  it("refuses every dashboard endpoint without a session", async () => {
    for (const url of [
      "/v1/dashboard/stores",
      "/v1/dashboard/sales",
      "/v1/dashboard/stock",
      "/v1/dashboard/alarms",
    ])
      expect((await cloud.app.inject({ method: "GET", url })).statusCode).toBe(401);
  });
});

describe("dashboard tenant isolation", () => {
  const asB = (method: "GET" | "PATCH", url: string, payload?: object) =>
    cloud.app.inject({ method, url, headers: bearer(b.token), ...(payload ? { payload } : {}) });

  it("gives tenant B's token nothing of A's: A's store ids are unknown and B's own lists are empty", async () => {
    for (const url of [
      `/v1/dashboard/sales?storeId=${a.storeId}`,
      `/v1/dashboard/stock?storeId=${a.storeId}`,
      `/v1/dashboard/alarms?storeId=${a.storeId}`,
    ]) {
      const res = await asB("GET", url);
      expect(res.statusCode, url).toBe(404);
      expect(json(res)).toMatchObject({ error: { code: "store_not_found" } });
      expect(res.body).not.toContain("Secreto");
    }
    const sales = json<SalesSummary>(await asB("GET", "/v1/dashboard/sales?period=30d"));
    expect(sales.totals).toEqual({ total: 0, tickets: 0, averageTicket: 0 });
    expect(sales.topProducts).toEqual([]);
    expect(json<StockAnswer>(await asB("GET", "/v1/dashboard/stock")).items).toEqual([]);
    expect(json<AlarmsAnswer>(await asB("GET", "/v1/dashboard/alarms?filter=all")).alarms).toEqual([]);
    const stores = json<StoresAnswer>(await asB("GET", "/v1/dashboard/stores")).stores;
    expect(stores.map((s) => s.id)).toEqual([b.storeId]);
  });

  it("does not let tenant B change A's store, and changes nothing", async () => {
    const before = await snapshot(db.owner);
    const res = await asB("PATCH", `/v1/dashboard/stores/${a.storeId}`, { timeZone: "UTC" });
    expect(res.statusCode).toBe(404);
    expect(await snapshot(db.owner)).toBe(before);
  });

  it("still shows A its own data (the isolation is not just an empty database)", async () => {
    const res = await cloud.app.inject({
      method: "GET",
      url: "/v1/dashboard/sales",
      headers: bearer(a.token),
    });
    expect(json<SalesSummary>(res).totals.total).toBe(50_000);
  });
});
