import ExcelJS from "exceljs";
import { v7 as uuidv7 } from "uuid";
import { describe, expect, it } from "vitest";
import { OpFactory, salePayload } from "../ingest/test-ops.js";
import {
  bearer,
  enrolledAppliance,
  ingest,
  json,
  ownerWithStore,
  useTestCloud,
} from "../test-support/test-cloud.js";
import type { AnalyticsAnswer } from "@mostrador/contracts/http/cloud-analytics";
import { recountAllDirtyDays, RecountSpacing } from "./maintain.js";

// The pre-aggregated sales (migration 0039): the ingest notes the days a batch touched in its own transaction
// (0041) and the analytics worker recounts them (`recountAllDirtyDays`, as its pass does). Whatever
// order sales, voids and returns arrive in, and however often a batch is replayed, they must equal a
// recomputation from the raw lines, written here independently as plain GROUP BYs.

const t = useTestCloud();

/** The tables as the worker's pass leaves them after the ingest, in a stable order. */
async function aggregates(tenantId: string) {
  await recountAllDirtyDays(t.db.sql);
  const q = (sql: string) => t.db.owner.query(sql, [tenantId]);
  return {
    hours: await q(
      `SELECT store_id, day::text, hour, sales_total, tickets, returns_total, returns_count
         FROM analytics_store_hours WHERE tenant_id = $1 ORDER BY 1, 2, 3`,
    ),
    products: await q(
      `SELECT store_id, day::text, product_id, unit, name, quantity, sales_total, returned_quantity, returned_total
         FROM analytics_product_days WHERE tenant_id = $1 ORDER BY 1, 2, 3, 4`,
    ),
    months: await q(
      `SELECT store_id, month::text, product_id, unit, name, quantity, sales_total, returned_quantity, returned_total
         FROM analytics_product_months WHERE tenant_id = $1 ORDER BY 1, 2, 3, 4`,
    ),
    payments: await q(
      `SELECT store_id, day::text, method, sales_total, payments, refunds_total
         FROM analytics_payment_days WHERE tenant_id = $1 ORDER BY 1, 2, 3`,
    ),
    staff: await q(
      `SELECT store_id, day::text, staff_id, staff_name, sales_total, tickets, returns_total
         FROM analytics_staff_days WHERE tenant_id = $1 ORDER BY 1, 2, 3`,
    ),
  };
}

/** The same figures computed from scratch from sales, lines, payments and returns. */
async function recomputed(tenantId: string) {
  const q = (sql: string) => t.db.owner.query(sql, [tenantId]);
  const local = (col: string) => `(${col} AT TIME ZONE st.time_zone)`;
  return {
    hours: await q(
      `WITH x AS (
         SELECT s.store_id, ${local("s.created_at")} AS at, s.total AS st, 1 AS tk, 0 AS rt, 0 AS rc
           FROM sales s JOIN stores st ON st.tenant_id = s.tenant_id AND st.id = s.store_id
          WHERE s.tenant_id = $1 AND s.status = 'completed'
         UNION ALL
         SELECT r.store_id, ${local("r.created_at")}, 0, 0, r.total, 1
           FROM returns r JOIN stores st ON st.tenant_id = r.tenant_id AND st.id = r.store_id WHERE r.tenant_id = $1)
       SELECT store_id, at::date::text AS day, extract(hour FROM at)::smallint AS hour, sum(st)::bigint AS sales_total,
              sum(tk)::int AS tickets, sum(rt)::bigint AS returns_total, sum(rc)::int AS returns_count
         FROM x GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    ),
    products: await q(
      `WITH x AS (
         SELECT s.store_id, ${local("s.created_at")} AS at, l.product_id, l.unit, l.description AS name,
                l.quantity AS q, l.total AS st, 0 AS rq, 0 AS rt
           FROM sales s JOIN sale_lines l ON l.tenant_id = s.tenant_id AND l.sale_id = s.id
           JOIN stores st ON st.tenant_id = s.tenant_id AND st.id = s.store_id
          WHERE s.tenant_id = $1 AND s.status = 'completed'
         UNION ALL
         SELECT r.store_id, ${local("r.created_at")}, l.product_id, 'each', NULL, 0, 0, l.quantity, l.total
           FROM returns r JOIN return_lines l ON l.tenant_id = r.tenant_id AND l.return_id = r.id
           JOIN stores st ON st.tenant_id = r.tenant_id AND st.id = r.store_id WHERE r.tenant_id = $1)
       SELECT store_id, at::date::text AS day, product_id, unit,
              coalesce((array_agg(name ORDER BY at DESC) FILTER (WHERE name IS NOT NULL))[1], product_id) AS name,
              sum(q)::bigint AS quantity, sum(st)::bigint AS sales_total, sum(rq)::bigint AS returned_quantity,
              sum(rt)::bigint AS returned_total
         FROM x GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    ),
    months: await q(
      `WITH x AS (
         SELECT s.store_id, ${local("s.created_at")} AS at, l.product_id, l.unit, l.description AS name,
                l.quantity AS q, l.total AS st, 0 AS rq, 0 AS rt
           FROM sales s JOIN sale_lines l ON l.tenant_id = s.tenant_id AND l.sale_id = s.id
           JOIN stores st ON st.tenant_id = s.tenant_id AND st.id = s.store_id
          WHERE s.tenant_id = $1 AND s.status = 'completed'
         UNION ALL
         SELECT r.store_id, ${local("r.created_at")}, l.product_id, 'each', NULL, 0, 0, l.quantity, l.total
           FROM returns r JOIN return_lines l ON l.tenant_id = r.tenant_id AND l.return_id = r.id
           JOIN stores st ON st.tenant_id = r.tenant_id AND st.id = r.store_id WHERE r.tenant_id = $1)
       SELECT store_id, date_trunc('month', at)::date::text AS month, product_id, unit,
              coalesce((array_agg(name ORDER BY at DESC) FILTER (WHERE name IS NOT NULL))[1], product_id) AS name,
              sum(q)::bigint AS quantity, sum(st)::bigint AS sales_total, sum(rq)::bigint AS returned_quantity,
              sum(rt)::bigint AS returned_total
         FROM x GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    ),
    payments: await q(
      `WITH x AS (
         SELECT s.store_id, ${local("s.created_at")} AS at, p.method, p.amount AS a, 1 AS n, 0 AS rf
           FROM sales s JOIN sale_payments p ON p.tenant_id = s.tenant_id AND p.sale_id = s.id
           JOIN stores st ON st.tenant_id = s.tenant_id AND st.id = s.store_id
          WHERE s.tenant_id = $1 AND s.status = 'completed'
         UNION ALL
         SELECT r.store_id, ${local("r.created_at")}, f.method, 0, 0, f.amount
           FROM returns r JOIN return_refunds f ON f.tenant_id = r.tenant_id AND f.return_id = r.id
           JOIN stores st ON st.tenant_id = r.tenant_id AND st.id = r.store_id WHERE r.tenant_id = $1)
       SELECT store_id, at::date::text AS day, method, sum(a)::bigint AS sales_total, sum(n)::int AS payments,
              sum(rf)::bigint AS refunds_total
         FROM x GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    ),
    staff: await q(
      `WITH x AS (
         SELECT s.store_id, ${local("s.created_at")} AS at, s.staff_id, s.staff_name, s.total AS st, 1 AS tk, 0 AS rt
           FROM sales s JOIN stores st ON st.tenant_id = s.tenant_id AND st.id = s.store_id
          WHERE s.tenant_id = $1 AND s.status = 'completed'
         UNION ALL
         SELECT r.store_id, ${local("r.created_at")}, r.staff_id, NULL, 0, 0, r.total
           FROM returns r JOIN stores st ON st.tenant_id = r.tenant_id AND st.id = r.store_id WHERE r.tenant_id = $1)
       SELECT store_id, at::date::text AS day, staff_id,
              coalesce((array_agg(staff_name ORDER BY at DESC) FILTER (WHERE staff_name IS NOT NULL))[1], staff_id)
                AS staff_name,
              sum(st)::bigint AS sales_total, sum(tk)::int AS tickets, sum(rt)::bigint AS returns_total
         FROM x GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    ),
  };
}

function saleAt(
  f: OpFactory,
  at: string,
  lines: { productId: string; quantity: number; unitPrice: number }[],
) {
  const payload = salePayload(lines, f.seq + 1, { at });
  return { payload, op: f.op("sale", payload.id, "created", payload) };
}

async function shopWithTill(label: string) {
  const shop = await ownerWithStore(t.db.sql, t.cloud, label);
  const till = await enrolledAppliance(t.cloud, shop.token, shop.storeId);
  return { ...shop, till };
}

function analytics(token: string, query: string) {
  return t.cloud.app.inject({ method: "GET", url: `/v1/analytics/sales?${query}`, headers: bearer(token) });
}

describe("sales aggregates kept by the ingest", () => {
  it("equal a recomputation from the raw lines after sales, late sales, voids before their sale, returns and replays", async () => {
    const shop = await shopWithTill("agregados");
    const f = new OpFactory();
    // Buenos Aires is UTC−3: 02:30Z on the 3rd is still the 2nd at 23:30 in the shop.
    const a = saleAt(f, "2026-03-02T13:10:00.000Z", [
      { productId: "p-yerba", quantity: 2, unitPrice: 450_000 },
    ]);
    const b = saleAt(f, "2026-03-03T02:30:00.000Z", [
      { productId: "p-yerba", quantity: 1, unitPrice: 450_000 },
      { productId: "p-azucar", quantity: 3, unitPrice: 120_000 },
    ]);
    const c = saleAt(f, "2026-03-04T15:00:00.000Z", [
      { productId: "p-azucar", quantity: 1, unitPrice: 120_000 },
    ]);
    const voidOfC = f.voidOf(c.payload);
    const returnOfB = f.returnOf(b.payload, "p-azucar", 1);
    const late = saleAt(f, "2026-02-27T18:00:00.000Z", [
      { productId: "p-yerba", quantity: 5, unitPrice: 400_000 },
    ]);

    // The void arrives before its sale; the late sale of an older day after newer ones; a batch replayed.
    for (const ops of [[a.op], [voidOfC], [b.op, returnOfB], [c.op], [late.op], [b.op, returnOfB]])
      expect((await ingest(t.cloud, shop.till.token, ops)).statusCode).toBe(200);

    const kept = await aggregates(shop.tenantId);
    expect(kept).toEqual(await recomputed(shop.tenantId));
    // Hand-checked: the 2nd (shop time) holds a and b, the voided c counts for nothing, the return (test-ops dates it 09:00 on the 2nd) too.
    expect(kept.hours.map((h) => [h.day, h.hour, Number(h.sales_total), h.tickets])).toEqual([
      ["2026-02-27", 15, 2_000_000, 1],
      ["2026-03-02", 9, 0, 0], // the return, made at 09:00
      ["2026-03-02", 10, 900_000, 1],
      ["2026-03-02", 23, 810_000, 1],
    ]);
    expect(kept.products.filter((p) => p.day === "2026-03-02" && p.product_id === "p-azucar")).toMatchObject([
      { quantity: 3, sales_total: 360_000, returned_quantity: 1, returned_total: 120_000 },
    ]);
  });

  it("follow the store's time zone when the owner changes it", async () => {
    const shop = await shopWithTill("zona");
    const f = new OpFactory();
    const a = saleAt(f, "2026-03-03T02:30:00.000Z", [{ productId: "p-1", quantity: 1, unitPrice: 100_000 }]);
    await ingest(t.cloud, shop.till.token, [a.op]);
    const res = await t.cloud.app.inject({
      method: "PATCH",
      url: `/v1/dashboard/stores/${shop.storeId}`,
      headers: bearer(shop.token),
      payload: { timeZone: "UTC" },
    });
    expect(res.statusCode).toBe(200);
    const kept = await aggregates(shop.tenantId);
    expect(kept).toEqual(await recomputed(shop.tenantId));
    expect(kept.hours.map((h) => [h.day, h.hour])).toEqual([["2026-03-03", 2]]);
  });
});

describe("the days a batch touched", () => {
  it("are noted by the ingest, recounted once by the worker's pass, and recounted before the owner reads", async () => {
    const shop = await shopWithTill("dias");
    const f = new OpFactory();
    const noted = () =>
      t.db.owner.query<{ day: string }>(
        "SELECT day::text AS day FROM analytics_dirty_days WHERE tenant_id = $1 ORDER BY day",
        [shop.tenantId],
      );
    const a = saleAt(f, "2026-03-02T13:00:00.000Z", [{ productId: "p-1", quantity: 1, unitPrice: 100_000 }]);
    const b = saleAt(f, "2026-03-03T13:00:00.000Z", [{ productId: "p-1", quantity: 2, unitPrice: 100_000 }]);
    expect((await ingest(t.cloud, shop.till.token, [a.op, b.op])).statusCode).toBe(200);
    expect(await noted()).toEqual([{ day: "2026-03-02" }, { day: "2026-03-03" }]);
    expect(await recountAllDirtyDays(t.db.sql)).toBeGreaterThanOrEqual(2);
    expect(await noted()).toEqual([]);
    expect(await recountAllDirtyDays(t.db.sql)).toBe(0);

    // A sale after the worker's pass: the owner's read recounts its day first and sees it.
    const c = saleAt(f, "2026-03-03T14:00:00.000Z", [{ productId: "p-1", quantity: 1, unitPrice: 50_000 }]);
    expect((await ingest(t.cloud, shop.till.token, [c.op])).statusCode).toBe(200);
    expect(await noted()).toEqual([{ day: "2026-03-03" }]);
    const res = await analytics(shop.token, "from=2026-03-03&to=2026-03-03");
    expect(res.statusCode).toBe(200);
    expect(await noted()).toEqual([]);
    const kept = await t.db.owner.query<{ total: string }>(
      "SELECT sum(sales_total)::text AS total FROM analytics_store_hours WHERE tenant_id = $1 AND day = '2026-03-03'",
      [shop.tenantId],
    );
    expect(kept).toEqual([{ total: "250000" }]);
  });

  it("are recounted by the worker at most once per tenant within its gap, then again after it", async () => {
    const shop = await shopWithTill("espaciado");
    const f = new OpFactory();
    let now = 1_000_000;
    const spacing = new RecountSpacing(60_000, () => now);
    const noted = async () =>
      Number(
        (
          await t.db.owner.query<{ n: string }>(
            "SELECT count(*) AS n FROM analytics_dirty_days WHERE tenant_id = $1",
            [shop.tenantId],
          )
        )[0]!.n,
      );
    const sale = (at: string) =>
      ingest(t.cloud, shop.till.token, [
        saleAt(f, at, [{ productId: "p-1", quantity: 1, unitPrice: 10_000 }]).op,
      ]);
    expect((await sale("2026-03-05T13:00:00.000Z")).statusCode).toBe(200);
    await recountAllDirtyDays(t.db.sql, spacing);
    expect(await noted()).toBe(0);

    expect((await sale("2026-03-05T13:05:00.000Z")).statusCode).toBe(200);
    now += 59_000;
    await recountAllDirtyDays(t.db.sql, spacing);
    expect(await noted()).toBe(1); // within the gap: left for later (or for the owner's read)
    now += 1_000;
    await recountAllDirtyDays(t.db.sql, spacing);
    expect(await noted()).toBe(0);
    expect(spacing.waiting).toBe(1);
    // A tenant past its gap is forgotten at the next pass: the worker's memory holds only recent ones.
    now += 60_000;
    await recountAllDirtyDays(t.db.sql, spacing);
    expect(spacing.waiting).toBe(0);
  });
});

describe("GET /v1/analytics/sales", () => {
  it("answers from the aggregates: totals against the previous period, drill-down by category and product, margins and cover", async () => {
    const shop = await shopWithTill("analisis");
    const yerba = uuidv7();
    const azucar = uuidv7();
    const category = "cat-almacen";
    await t.db.owner.query(
      `INSERT INTO categories (tenant_id, id, name, name_key, field_hlc, updated_at)
       VALUES ($1, $2, 'Almacén', 'almacén', '{}', now())`,
      [shop.tenantId, category],
    );
    for (const [id, name, cat] of [
      [yerba, "Yerba 1 kg", category],
      [azucar, "Azúcar 1 kg", null],
    ] as const)
      await t.db.owner.query(
        `INSERT INTO products (tenant_id, id, sku, name, category_id, price, iva_rate, unit, field_hlc, updated_at)
         VALUES ($1, $2, $3, $4, $5, 100, 2100, 'each', '{}', now())`,
        [shop.tenantId, id, name.slice(0, 5), name, cat],
      );
    await t.db.owner.query(
      `INSERT INTO product_costs (tenant_id, store_id, product_id, average_cost, at) VALUES ($1, $2, $3, 300000, now())`,
      [shop.tenantId, shop.storeId, yerba],
    );
    const f = new OpFactory();
    const ops = [
      saleAt(f, "2026-03-02T13:00:00.000Z", [{ productId: yerba, quantity: 2, unitPrice: 450_000 }]).op,
      saleAt(f, "2026-03-03T14:00:00.000Z", [{ productId: azucar, quantity: 4, unitPrice: 100_000 }]).op,
      // The previous period (Feb 28 – Mar 1): one sale.
      saleAt(f, "2026-03-01T14:00:00.000Z", [{ productId: yerba, quantity: 1, unitPrice: 450_000 }]).op,
    ];
    await ingest(t.cloud, shop.till.token, ops);

    const all = await analytics(shop.token, "from=2026-03-02&to=2026-03-03");
    expect(all.statusCode).toBe(200);
    const body = json<AnalyticsAnswer>(all);
    expect(body).toMatchObject({
      previousFrom: "2026-02-28",
      previousTo: "2026-03-01",
      totals: { sales: 1_300_000, tickets: 2, averageTicket: 650_000, returns: 0, net: 1_300_000 },
      previous: { sales: 450_000, tickets: 1 },
      margin: { salesWithCost: 900_000, cost: 600_000, margin: 300_000, salesWithoutCost: 400_000 },
    });
    expect(body.byHour?.[10]).toEqual({ hour: 10, sales: 900_000, tickets: 1 });
    expect(body.byWeekday.find((w) => w.weekday === 1)).toEqual({ weekday: 1, sales: 900_000, tickets: 1 });
    expect(body.byPaymentMethod).toEqual([{ method: "cash", sales: 1_300_000, payments: 2, refunds: 0 }]);
    expect(body.byStaff).toEqual([
      { staffId: "staff-1", name: "Ana", sales: 1_300_000, tickets: 2, returns: 0 },
    ]);
    expect(body.byCategory.map((c) => [c.categoryId, c.name, c.sales, c.previousSales, c.margin])).toEqual([
      [category, "Almacén", 900_000, 450_000, 300_000],
      [null, null, 400_000, 0, null],
    ]);
    // Stock: the till's sales took 3 yerbas out of nothing; on hand −3 → no cover, no rotation.
    expect(body.products.find((p) => p.productId === yerba)).toMatchObject({
      quantity: 2,
      cost: 600_000,
      margin: 300_000,
    });

    // A whole month reads the monthly rows: the same figures.
    const march = json<AnalyticsAnswer>(await analytics(shop.token, "from=2026-03-01&to=2026-03-31"));
    expect(march.products.map((p) => [p.productId, p.sales])).toEqual([
      [yerba, 1_350_000],
      [azucar, 400_000],
    ]);
    expect(march.byCategory.map((c) => c.sales)).toEqual([1_350_000, 400_000]);

    // Drill-down: the category, then its product's days.
    const byCategory = json<AnalyticsAnswer>(
      await analytics(shop.token, `from=2026-03-02&to=2026-03-03&categoryId=${category}`),
    );
    expect(byCategory).toMatchObject({
      categoryName: "Almacén",
      totals: { sales: 900_000, tickets: null },
      byHour: null,
    });
    expect(byCategory.products.map((p) => p.productId)).toEqual([yerba]);
    const none = json<AnalyticsAnswer>(
      await analytics(shop.token, "from=2026-03-02&to=2026-03-03&categoryId=none"),
    );
    expect(none.products.map((p) => p.productId)).toEqual([azucar]);
    const product = json<AnalyticsAnswer>(
      await analytics(shop.token, `from=2026-03-02&to=2026-03-03&productId=${yerba}`),
    );
    expect(product.productName).toBe("Producto " + yerba);
    expect(product.byDay).toEqual([{ date: "2026-03-02", sales: 900_000, tickets: null, returns: 0 }]);
  });

  it("keeps each tenant to its own figures", async () => {
    const mine = await shopWithTill("propio");
    const other = await shopWithTill("ajeno");
    const f = new OpFactory();
    await ingest(t.cloud, other.till.token, [
      saleAt(f, "2026-03-02T13:00:00.000Z", [{ productId: "p-x", quantity: 1, unitPrice: 777_000 }]).op,
    ]);
    const body = json<AnalyticsAnswer>(await analytics(mine.token, "from=2026-03-01&to=2026-03-31"));
    expect(body.totals.sales).toBe(0);
    expect(body.products).toEqual([]);
    const foreign = await analytics(mine.token, `from=2026-03-01&to=2026-03-31&storeId=${other.storeId}`);
    expect(foreign.statusCode).toBe(404);
    expect(json(foreign)).toMatchObject({ error: { code: "store_not_found" } });
  });

  it.each([
    ["from=2026-03-05&to=2026-03-01", "period_reversed", "posterior"],
    ["from=2026-02-30&to=2026-03-01", "date_invalid", "no existe"],
    ["from=2025-01-01&to=2026-03-01", "period_too_long", "hasta 400 días"],
  ])("refuses %s with a clear Spanish error", async (query, code, words) => {
    const shop = await ownerWithStore(t.db.sql, t.cloud, "malos");
    const res = await analytics(shop.token, query);
    expect(res.statusCode).toBe(400);
    const body = json<{ error: { code: string; message: string } }>(res);
    expect(body.error.code).toBe(code);
    expect(body.error.message).toContain(words);
  });

  it("refuses an unknown filter and a malformed date by the schema", async () => {
    const shop = await ownerWithStore(t.db.sql, t.cloud, "esquema");
    for (const query of ["from=2026-03-01&to=2026-03-02&color=rojo", "from=ayer&to=2026-03-02"]) {
      const res = await analytics(shop.token, query);
      expect(res.statusCode).toBe(400);
    }
  });
});

describe("GET /v1/analytics/export", () => {
  it("writes CSV with money in pesos and formula-like text neutralised, and an XLSX with a sheet per table", async () => {
    const shop = await shopWithTill("exportar");
    const f = new OpFactory();
    const sale = saleAt(f, "2026-03-02T13:00:00.000Z", [
      { productId: "p-malo", quantity: 1, unitPrice: 123_45 },
    ]);
    sale.payload.lines[0]!.description = '=HYPERLINK("http://x.example","ver")';
    await ingest(t.cloud, shop.till.token, [f.op("sale", sale.payload.id, "created", sale.payload)]);

    const csv = await t.cloud.app.inject({
      method: "GET",
      url: "/v1/analytics/export?from=2026-03-01&to=2026-03-31&format=csv&table=products",
      headers: bearer(shop.token),
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.headers["content-disposition"]).toContain("analisis-2026-03-01-2026-03-31-products.csv");
    const [header, row] = csv.body.split("\r\n");
    expect(header).toMatch(/^Producto,Id,Unidad,Cantidad/);
    expect(row).toContain(`"'=HYPERLINK(""http://x.example"",""ver"")"`);
    expect(row).toContain(",123.45,");

    const xlsx = await t.cloud.app.inject({
      method: "GET",
      url: "/v1/analytics/export?from=2026-03-01&to=2026-03-31&format=xlsx&lang=en",
      headers: bearer(shop.token),
    });
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      "Days",
      "Products",
      "Categories",
      "Payment methods",
      "Staff",
      "Stores",
      // The sign-up trial has the cards and turnos modules: their sheets too.
      "Cards",
      "Appointments by day",
      "Professionals",
    ]);
    const products = book.getWorksheet("Products")!;
    expect(products.getRow(2).getCell(1).value).toBe(`'=HYPERLINK("http://x.example","ver")`);
    expect(products.getRow(2).getCell(6).value).toBe(123.45);
  });

  it("refuses an unknown format or table", async () => {
    const shop = await ownerWithStore(t.db.sql, t.cloud, "exportar-mal");
    for (const extra of ["format=pdf", "format=csv&table=secretos"]) {
      const res = await t.cloud.app.inject({
        method: "GET",
        url: `/v1/analytics/export?from=2026-03-01&to=2026-03-31&${extra}`,
        headers: bearer(shop.token),
      });
      expect(res.statusCode).toBe(400);
    }
  });
});
