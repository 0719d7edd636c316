import {
  ApiAppointment,
  ApiCustomer,
  ApiProduct,
  ApiSale,
  ApiStockItem,
  ApiStore,
  Page,
} from "@mostrador/contracts/http/public-api";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { listRoutes } from "@mostrador/platform/http/route-list";
import type { TSchema } from "@sinclair/typebox";
import { beforeAll, describe, expect, it } from "vitest";
import { seedSale, seedStockLevel } from "../dashboard/test-seed.js";
import { OpFactory } from "../ingest/test-ops.js";
import { allotment, clinic, setupOps } from "../turnos/test-turnos.js";
import {
  bearer,
  enrolledAppliance,
  ingest,
  json,
  ownerWithStore,
  snapshot,
  useTestCloud,
} from "../test-support/test-cloud.js";
import * as reads from "./reads.js";
import { callApi, apiKeyFor, errorOf } from "./test-public-api.js";

const t = useTestCloud();

/** 2026-03-03 (a Tuesday) in Buenos Aires; 10:00 there is 13:00Z. The clock starts on 2026-03-02. */
const DAY_FROM = "2026-03-03T03:00:00.000Z";
const DAY_TO = "2026-03-04T03:00:00.000Z";
const TEN = "2026-03-03T13:00:00.000Z";

type Shop = Awaited<ReturnType<typeof ownerWithStore>> & {
  key: string;
  till: Awaited<ReturnType<typeof enrolledAppliance>>;
  clinic: ReturnType<typeof clinic>;
  productId: string;
  productName: string;
  customerId: string;
  customerName: string;
  saleId: string;
  appointmentId: string;
};

/** A shop with everything the API serves, most of it made through the API itself with its own key. */
async function shopWithData(label: string): Promise<Shop> {
  const owner = await ownerWithStore(t.db.sql, t.cloud, label);
  const { secret: key } = await apiKeyFor(t.cloud, owner.token);
  const till = await enrolledAppliance(t.cloud, owner.token, owner.storeId, `Caja ${label}`);
  const c = clinic(` ${label}`);
  const f = new OpFactory();
  const grant = allotment(c, DAY_FROM, DAY_TO);
  expect((await ingest(t.cloud, till.token, setupOps(f, c))).statusCode).toBe(200);
  expect(
    (await ingest(t.cloud, till.token, [f.op("turno_allotment", grant.id, "granted", grant)])).statusCode,
  ).toBe(200);
  const productName = `Producto-de-${label}`;
  const product = await callApi(t.cloud, key, "POST", "/products", {
    sku: `SKU-${label}`,
    name: productName,
    price: 150_000,
    ivaRate: 2100,
    unit: "each",
    barcodes: ["7790001000011"],
  });
  expect(product.statusCode, product.body).toBe(201);
  const customerName = `Cliente de ${label}`;
  const customer = await callApi(t.cloud, key, "POST", "/customers", {
    name: customerName,
    phone: "11 2233-4455",
  });
  expect(customer.statusCode, customer.body).toBe(201);
  const appointment = await callApi(t.cloud, key, "POST", "/appointments", {
    storeId: owner.storeId,
    serviceId: c.consulta.id,
    start: TEN,
    name: `Paciente de ${label}`,
    phone: "+54 9 11 5555-0000",
    optIn: false,
  });
  expect(appointment.statusCode, appointment.body).toBe(201);
  const productId = json<{ id: string }>(product).id;
  const saleId = await seedSale(t.db.owner, {
    tenantId: owner.tenantId,
    storeId: owner.storeId,
    applianceId: till.applianceId,
    at: "2026-03-02T11:00:00.000Z",
    total: 150_000,
    lines: [{ productId, description: productName, quantity: 1, total: 150_000 }],
  });
  await seedStockLevel(t.db.owner, {
    tenantId: owner.tenantId,
    storeId: owner.storeId,
    productId,
    onHand: 7,
  });
  return {
    ...owner,
    key,
    till,
    clinic: c,
    productId,
    productName,
    customerId: json<{ id: string }>(customer).id,
    customerName,
    saleId,
    appointmentId: json<{ id: string }>(appointment).id,
  };
}

let a: Shop;
let b: Shop;

beforeAll(async () => {
  a = await shopWithData("A");
  b = await shopWithData("B");
});

/** What a till of the shop receives: the rows of one shape, from the start. */
async function shapeRows(shop: Shop, table: string): Promise<Record<string, unknown>[]> {
  const res = await t.cloud.app.inject({
    method: "GET",
    url: `/v1/shape?table=${table}&offset=-1`,
    headers: bearer(shop.till.token),
  });
  expect(res.statusCode).toBe(200);
  return (JSON.parse(res.body) as { value?: Record<string, unknown> }[]).flatMap((m) =>
    m.value ? [m.value] : [],
  );
}

/** Every row of tenant B, in every table that has a tenant (the call counts aside: B is not calling). */
async function rowsOf(tenantId: string): Promise<string> {
  const tables = await t.db.owner.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id'
     ORDER BY table_name`,
  );
  const out: Record<string, unknown> = {};
  for (const { table_name } of tables)
    out[table_name] = await t.db.owner.query(
      `SELECT * FROM "${table_name}" WHERE tenant_id = $1 ORDER BY 1, 2`,
      [tenantId],
    );
  return JSON.stringify(out);
}

describe("tenant isolation: a probe over every endpoint of the public API", () => {
  it("with tenant A's key never returns or changes tenant B's data, whatever B's ids it names", async () => {
    const routes = listRoutes(t.cloud.app).filter(
      (r) =>
        r.url.startsWith("/api/v1/") && !r.url.startsWith("/api/v1/docs") && r.url !== "/api/v1/openapi.json",
    );
    expect(routes.length).toBeGreaterThanOrEqual(16);
    // B's id of each resource a path names; a new resource must add its own here (the test says so).
    const idOfB: Record<string, string> = {
      stores: b.storeId,
      products: b.productId,
      sales: b.saleId,
      customers: b.customerId,
      appointments: b.appointmentId,
    };
    // A body for each write, pointed at B's things wherever it can name them.
    const bodyAgainstB: Record<string, unknown> = {
      "POST /api/v1/products": {
        sku: "X1",
        name: "Intruso",
        price: 1,
        ivaRate: 0,
        unit: "each",
        storeId: b.storeId,
      },
      "PATCH /api/v1/products/:id": { price: 1 },
      "POST /api/v1/customers": { name: "Intruso" },
      "PATCH /api/v1/customers/:id": { name: "Intruso" },
      "POST /api/v1/appointments": {
        storeId: b.storeId,
        serviceId: b.clinic.consulta.id,
        start: TEN,
        name: "Intruso",
        phone: "+54 9 11 5555-0001",
        optIn: false,
      },
    };
    const markersOfB = [
      b.tenantId,
      b.storeId,
      b.productId,
      b.productName,
      b.customerId,
      b.customerName,
      b.saleId,
      b.appointmentId,
      b.clinic.pro.id,
      "Paciente de B",
    ];
    const before = await rowsOf(b.tenantId);
    let probes = 0;
    for (const { method, url } of routes) {
      const resource = url.split("/")[3]!;
      const name = `${method} ${url}`;
      if (url.includes(":id")) expect(idOfB[resource], `no B id for ${name}: add one to idOfB`).toBeDefined();
      const path = url.replace(":id", idOfB[resource] ?? "").replace("/api/v1", "");
      const targets =
        method === "GET" && !url.includes(":id") ? [path, `${path}?storeId=${b.storeId}`] : [path];
      if (method !== "GET") expect(bodyAgainstB[name], `no probe body for ${name}: add one`).toBeDefined();
      for (const target of targets) {
        const res = await callApi(t.cloud, a.key, method as "GET", target, bodyAgainstB[name]);
        probes++;
        // What the request itself named may be echoed back (a 404's details); nothing else of B may appear.
        const asked = target + JSON.stringify(bodyAgainstB[name] ?? "");
        for (const marker of markersOfB.filter((m) => !asked.includes(m)))
          expect(res.body, `${name} ${target} leaked ${marker}`).not.toContain(marker);
        // Naming B's thing is "not found", never "forbidden" (that would say it exists); a list that
        // has no store filter refuses the parameter.
        if (url.includes(":id") || name === "POST /api/v1/products" || name === "POST /api/v1/appointments")
          expect(res.statusCode, `${name} ${target}: ${res.body}`).toBe(404);
        if (target !== path) expect([400, 404], `${name} ${target}: ${res.body}`).toContain(res.statusCode);
      }
    }
    expect(probes).toBeGreaterThanOrEqual(22);
    expect(await rowsOf(b.tenantId)).toBe(before);
    // Not a vacuous probe: the same calls show A its own data.
    for (const [url, marker] of [
      ["/products", a.productName],
      ["/customers", a.customerName],
      ["/sales", a.saleId],
      ["/stock", a.productId],
      ["/appointments", a.appointmentId],
      ["/stores", a.storeId],
    ] as const)
      expect((await callApi(t.cloud, a.key, "GET", url)).body, url).toContain(marker);
  });
});

describe("writes reach the appliance down the shape stream, as dashboard edits do", () => {
  it("a product created and repriced through the API is in the store's products shape", async () => {
    const made = await callApi(t.cloud, a.key, "POST", "/products", {
      sku: "API-1",
      name: "Alfajor de la API",
      price: 90_000,
      ivaRate: 2100,
      unit: "each",
    });
    expect(made.statusCode).toBe(201);
    const id = json<{ id: string }>(made).id;
    const repriced = await callApi(t.cloud, a.key, "PATCH", `/products/${id}`, { price: 95_000 });
    expect(repriced.statusCode).toBe(200);
    expect(json(repriced)).toMatchObject({ id, price: 95_000, name: "Alfajor de la API" });
    const rows = await shapeRows(a, "products");
    expect(rows.find((r) => r.id === id)).toMatchObject({ name: "Alfajor de la API", price: "95000" });
    expect((await shapeRows(b, "products")).find((r) => r.id === id)).toBeUndefined();
  });

  it("a customer goes down the customers shape and an appointment down turno_bookings", async () => {
    expect((await shapeRows(a, "customers")).find((r) => r.id === a.customerId)).toMatchObject({
      name: a.customerName,
      phone: "+541122334455",
    });
    const edited = await callApi(t.cloud, a.key, "PATCH", `/customers/${a.customerId}`, {
      email: "cliente@example.com",
    });
    expect(edited.statusCode).toBe(200);
    expect((await shapeRows(a, "customers")).find((r) => r.id === a.customerId)).toMatchObject({
      email: "cliente@example.com",
    });
    expect((await shapeRows(a, "turno_bookings")).find((r) => r.id === a.appointmentId)).toMatchObject({
      state: "booked",
      origin: "online",
    });
  });
});

describe("bad input is refused with a clear error and changes nothing", () => {
  it("refuses every bad write and query by name", async () => {
    const before = await snapshot(t.db.owner);
    const cases: { call: [string, string, unknown?]; status: number; code: string }[] = [
      {
        call: ["POST", "/products", { sku: "X", name: "X", price: -1, ivaRate: 2100, unit: "each" }],
        status: 400,
        code: "invalid_input",
      },
      {
        call: ["POST", "/products", { sku: "X", name: "X", price: "100", ivaRate: 2100, unit: "each" }],
        status: 400,
        code: "invalid_input",
      },
      {
        call: ["POST", "/products", { sku: "X", name: "X", price: 1.5, ivaRate: 2100, unit: "each" }],
        status: 400,
        code: "invalid_input",
      },
      {
        call: ["POST", "/products", { sku: "X", name: "X", price: 1, ivaRate: 2000, unit: "each" }],
        status: 400,
        code: "invalid_input",
      },
      {
        call: ["POST", "/products", { sku: "con espacio", name: "X", price: 1, ivaRate: 0, unit: "each" }],
        status: 400,
        code: "invalid_input",
      },
      {
        call: ["POST", "/products", { sku: "X", name: "X", price: 1, ivaRate: 0, unit: "each", stock: 5 }],
        status: 400,
        code: "invalid_input",
      },
      {
        call: [
          "POST",
          "/products",
          { sku: "X", name: "X", price: 1, ivaRate: 0, unit: "each", categoryId: "no-existe" },
        ],
        status: 404,
        code: "category_not_found",
      },
      { call: ["PATCH", `/products/${a.productId}`, {}], status: 400, code: "invalid_input" },
      { call: ["PATCH", `/products/${a.productId}`, { sku: "OTRO" }], status: 400, code: "invalid_input" },
      {
        call: ["PATCH", "/products/00000000-0000-7000-8000-000000000000", { price: 1 }],
        status: 404,
        code: "product_not_found",
      },
      { call: ["POST", "/customers", { name: "" }], status: 400, code: "invalid_input" },
      {
        call: ["POST", "/customers", { name: "Ana", docType: "dni", docNumber: "12" }],
        status: 400,
        code: "invalid_dni",
      },
      {
        call: ["POST", "/customers", { name: "Ana", phone: "no es un teléfono" }],
        status: 400,
        code: "invalid_phone",
      },
      { call: ["PATCH", "/customers/no-existe", { name: "Ana" }], status: 404, code: "customer_not_found" },
      {
        call: [
          "POST",
          "/appointments",
          {
            storeId: a.storeId,
            serviceId: a.clinic.consulta.id,
            start: TEN,
            name: "Otra",
            phone: "+54 9 11 5555-0002",
            optIn: false,
          },
        ],
        status: 409,
        code: "slot_taken",
      },
      {
        call: [
          "POST",
          "/appointments",
          {
            storeId: a.storeId,
            serviceId: a.clinic.consulta.id,
            start: "2026-03-05T13:00:00.000Z",
            name: "Otra",
            phone: "+54 9 11 5555-0002",
            optIn: false,
          },
        ],
        status: 409,
        code: "slot_taken",
      },
      { call: ["GET", "/products?cursor=bm9wZQ"], status: 400, code: "invalid_cursor" },
      { call: ["GET", "/products?cursor=a.b"], status: 400, code: "invalid_input" },
      { call: ["GET", "/products?limit=0"], status: 400, code: "invalid_input" },
      { call: ["GET", "/products?limit=201"], status: 400, code: "invalid_input" },
      { call: ["GET", "/sales?updatedSince=ayer"], status: 400, code: "invalid_input" },
      { call: ["GET", "/sales?storeId=no-uuid"], status: 400, code: "invalid_input" },
      { call: ["GET", "/stock?filtro=1"], status: 400, code: "invalid_input" },
      { call: ["GET", `/appointments?from=${DAY_TO}&to=${DAY_FROM}`], status: 400, code: "period_reversed" },
    ];
    for (const c of cases) {
      const [method, url, body] = c.call;
      const res = await callApi(t.cloud, a.key, method as "GET", url, body);
      const label = `${method} ${url} ${JSON.stringify(body ?? "")}: ${res.body}`;
      expect(res.statusCode, label).toBe(c.status);
      expect(errorOf(res).code, label).toBe(c.code);
      expect(errorOf(res).message, label).toMatch(/^[A-ZÁÉÍÓÚ«"¿]/);
    }
    expect(await snapshot(t.db.owner)).toBe(before);
  });
});

describe("lists", () => {
  it("pages with a cursor in (updatedAt, id) order, none twice or missed, and filters by updatedSince", async () => {
    const shop = await shopWithData("paginas");
    for (let i = 0; i < 5; i++) {
      t.cloud.clock.advance(1000);
      const res = await callApi(t.cloud, shop.key, "POST", "/products", {
        sku: `PAG-${i}`,
        name: `Página ${i}`,
        price: 100 + i,
        ivaRate: 0,
        unit: "each",
      });
      expect(res.statusCode).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await callApi(
        t.cloud,
        shop.key,
        "GET",
        `/products?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(res.statusCode).toBe(200);
      const page = json<{ data: { id: string; updatedAt: string }[]; nextCursor: string | null }>(res);
      seen.push(...page.data.map((p) => p.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(6);
    const all = json<{ data: { id: string; name: string; updatedAt: string }[] }>(
      await callApi(t.cloud, shop.key, "GET", "/products?limit=200"),
    ).data;
    expect(all.map((p) => p.id)).toEqual(seen);
    const since = all[3]!.updatedAt;
    const recent = json<{ data: { name: string }[] }>(
      await callApi(t.cloud, shop.key, "GET", `/products?updatedSince=${since}`),
    ).data;
    expect(recent.map((p) => p.name)).toEqual(["Página 2", "Página 3", "Página 4"]);
  });

  it("serves a product with its variants, and a sale with its lines and payments", async () => {
    const sale = json<{ lines: unknown[]; payments: unknown[]; total: number }>(
      await callApi(t.cloud, a.key, "GET", `/sales/${a.saleId}`),
    );
    expect(sale).toMatchObject({
      total: 150_000,
      lines: [{ productId: a.productId, quantity: 1, total: 150_000 }],
      payments: [{ method: "cash", amount: 150_000 }],
    });
    const product = json<{ variants: unknown[]; barcodes: string[] }>(
      await callApi(t.cloud, a.key, "GET", `/products/${a.productId}`),
    );
    expect(product).toMatchObject({ variants: [], barcodes: ["7790001000011"], price: 150_000 });
  });
});

describe("the contract", () => {
  it("every read answers its schema in contracts/, whole (nothing the domain returns is dropped)", async () => {
    const page = { limit: 50 };
    const domain = <T>(fn: (q: Parameters<Parameters<typeof t.db.sql.withTenant>[1]>[0]) => Promise<T>) =>
      t.db.sql.withTenant(a.tenantId, fn);
    const cases: [string, TSchema, object][] = [
      ["/stores", Page(ApiStore), await domain((q) => reads.listStores(q, page))],
      [`/stores/${a.storeId}`, ApiStore, await domain((q) => reads.getStore(q, a.storeId))],
      ["/products", Page(ApiProduct), await domain((q) => reads.listProducts(q, page))],
      [`/products/${a.productId}`, ApiProduct, await domain((q) => reads.getProduct(q, a.productId))],
      ["/stock", Page(ApiStockItem), await domain((q) => reads.listStock(q, page))],
      ["/sales", Page(ApiSale), await domain((q) => reads.listSales(q, page))],
      [`/sales/${a.saleId}`, ApiSale, await domain((q) => reads.getSale(q, a.saleId))],
      ["/customers", Page(ApiCustomer), await domain((q) => reads.listCustomers(q, page))],
      [`/customers/${a.customerId}`, ApiCustomer, await domain((q) => reads.getCustomer(q, a.customerId))],
      ["/appointments", Page(ApiAppointment), await domain((q) => reads.listAppointments(q, page))],
      [
        `/appointments/${a.appointmentId}`,
        ApiAppointment,
        await domain((q) => reads.getAppointment(q, a.appointmentId)),
      ],
    ];
    for (const [url, schema, value] of cases)
      expectAnswer(schema, await callApi(t.cloud, a.key, "GET", url), 200, value);
  });
});

describe("the OpenAPI document and its docs page", () => {
  it("is OpenAPI 3.1, public, lists every endpoint of the API, and the docs page loads nothing from elsewhere", async () => {
    const res = await t.cloud.app.inject({ method: "GET", url: "/api/v1/openapi.json" });
    expect(res.statusCode).toBe(200);
    const doc = json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(res);
    expect(doc.openapi).toBe("3.1.0");
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`),
    );
    const served = listRoutes(t.cloud.app)
      .filter(
        (r) =>
          r.url.startsWith("/api/v1/") &&
          !r.url.startsWith("/api/v1/docs") &&
          r.url !== "/api/v1/openapi.json",
      )
      .map((r) => `${r.method} ${r.url}`);
    expect(documented.sort()).toEqual(served.sort());
    expect(JSON.stringify(doc)).not.toContain("/v1/dashboard");
    const page = await t.cloud.app.inject({ method: "GET", url: "/api/v1/docs" });
    expect(page.statusCode).toBe(200);
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(3);
    for (const asset of assets) {
      expect(asset, "served from here, not a CDN").toMatch(/^\/api\/v1\/docs\//);
      expect((await t.cloud.app.inject({ method: "GET", url: asset })).statusCode, asset).toBe(200);
    }
  });
});
