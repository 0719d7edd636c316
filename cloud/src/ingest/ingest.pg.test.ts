import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { AlarmStatus } from "@mostrador/contracts/alarms";
import type { SalesSummary } from "@mostrador/contracts/http/dashboard";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  enrolledAppliance,
  json,
  openTestCloud,
  ownerWithStore,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { HOSTILE_TEXT } from "@mostrador/contracts/text-samples";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";

import { OpFactory } from "./test-ops.js";

let db: TestDatabase;
let cloud: TestCloud;
let shopA: Awaited<ReturnType<typeof ownerWithStore>>;
let applianceA: Awaited<ReturnType<typeof enrolledAppliance>>;

beforeAll(async () => {
  db = await createTestDatabase();
  cloud = await openTestCloud(db.sql);
  shopA = await ownerWithStore(db.sql, cloud, "a");
  applianceA = await enrolledAppliance(cloud, shopA.token, shopA.storeId);
});
afterAll(async () => {
  await cloud.close();
  await db.drop();
});

function send(token: string, ops: unknown[], extra: Record<string, unknown> = {}) {
  return cloud.app.inject({
    method: "POST",
    url: "/v1/ingest",
    headers: bearer(token),
    payload: { ops, ...extra },
  });
}

const INGEST_TABLES = [
  "applied_ops",
  "sales",
  "sale_lines",
  "sale_payments",
  "sale_voids",
  "returns",
  "return_lines",
  "return_refunds",
  "cash_sessions",
  "stock_movements",
  "stock_levels",
  "alarms",
  "owner_notifications",
  "appliance_events",
];

/** Everything ingest writes (its tables and each appliance's progress; not last_seen_at, which auth notes). */
async function snapshot(owner: TestDatabase["owner"]): Promise<string> {
  const parts: Record<string, unknown> = {
    appliances: await owner.query(
      "SELECT id, last_seq, backlog, parked, last_ingest_at FROM appliances ORDER BY id",
    ),
  };
  for (const t of INGEST_TABLES) parts[t] = await owner.query(`SELECT * FROM ${t} ORDER BY 1, 2`);
  return JSON.stringify(parts);
}

async function count(table: string, tenantId: string, where = "true"): Promise<number> {
  const [row] = await db.owner.query<{ n: number }>(
    `SELECT count(*) AS n FROM ${table} WHERE tenant_id = $1 AND ${where}`,
    [tenantId],
  );
  return row?.n ?? 0;
}

async function onHand(tenantId: string, productId: string): Promise<number> {
  const [row] = await db.owner.query<{ on_hand: number | string }>(
    "SELECT on_hand FROM stock_levels WHERE tenant_id = $1 AND product_id = $2",
    [tenantId, productId],
  );
  return Number(row?.on_hand ?? 0);
}

/** A fresh appliance in a fresh shop, so each test's counts start at zero. */
async function freshShop(label: string) {
  const shop = await ownerWithStore(db.sql, cloud, label);
  const appliance = await enrolledAppliance(cloud, shop.token, shop.storeId);
  return { shop, appliance, f: new OpFactory() };
}

describe("POST /v1/ingest exactly once", () => {
  it("applies a batch and acknowledges a duplicated batch without applying it twice", async () => {
    const { appliance, f } = await freshShop("dup");
    const a = f.sale([{ productId: "yerba", quantity: 3, unitPrice: 400_000 }]);
    const b = f.sale([{ productId: "yerba", quantity: 1, unitPrice: 400_000 }]);
    const first = await send(appliance.token, [a.op, b.op], { backlog: 0 });
    expect(first.statusCode).toBe(200);
    expect(json(first)).toEqual({ applied: 2, duplicates: 0, lastSeq: 2 });
    const again = await send(appliance.token, [a.op, b.op, a.op]);
    expect(json(again)).toEqual({ applied: 0, duplicates: 2, lastSeq: 2 });
    expect(await count("sales", appliance.tenantId)).toBe(2);
    expect(await count("sale_lines", appliance.tenantId)).toBe(2);
    expect(await count("applied_ops", appliance.tenantId)).toBe(2);
    expect(await onHand(appliance.tenantId, "yerba")).toBe(-4);
  });

  it("gives the same result when batch 2 arrives before batch 1's retry (void before its sale)", async () => {
    const { appliance, f } = await freshShop("reorder");
    const sale = f.sale([{ productId: "leche", quantity: 5, unitPrice: 120_000 }]);
    const kept = f.sale([{ productId: "leche", quantity: 2, unitPrice: 120_000 }]);
    const voided = f.voidOf(sale.payload);
    const ret = f.returnOf(kept.payload, "leche", 1);
    expect((await send(appliance.token, [voided, ret])).statusCode).toBe(200);
    expect((await send(appliance.token, [sale.op, kept.op])).statusCode).toBe(200);
    expect(await onHand(appliance.tenantId, "leche")).toBe(-2 + 1);
    const rows = await db.owner.query<{ id: string; status: string }>(
      "SELECT id, status FROM sales WHERE tenant_id = $1 ORDER BY number",
      [appliance.tenantId],
    );
    expect(rows).toEqual([
      { id: sale.payload.id, status: "voided" },
      { id: kept.payload.id, status: "completed" },
    ]);
    expect(await count("sale_voids", appliance.tenantId)).toBe(1);
    expect(await count("returns", appliance.tenantId)).toBe(1);
  });

  it("voids a sale that arrived earlier and puts its stock back once", async () => {
    const { appliance, f } = await freshShop("void");
    const sale = f.sale([{ productId: "coca", quantity: 4, unitPrice: 150_000 }]);
    await send(appliance.token, [sale.op]);
    expect(await onHand(appliance.tenantId, "coca")).toBe(-4);
    const voided = f.voidOf(sale.payload);
    await send(appliance.token, [voided]);
    await send(appliance.token, [voided]);
    expect(await onHand(appliance.tenantId, "coca")).toBe(0);
  });

  it("puts the goods of a return or void of a sale made before its product became a model on the kept variant", async () => {
    const { appliance, f } = await freshShop("converted");
    const product = f.product(undefined, { name: "Jean clásico", price: 3_000_000 });
    const modelId = product.entityId;
    const returned = f.sale([{ productId: modelId, quantity: 2, unitPrice: 3_000_000 }]);
    const voided = f.sale([{ productId: modelId, quantity: 1, unitPrice: 3_000_000 }]);
    expect((await send(appliance.token, [product, returned.op, voided.op])).statusCode).toBe(200);
    expect(await onHand(appliance.tenantId, modelId)).toBe(-3);

    // The conversion as the till uploads it: the model's shape, the variant, then the op naming the kept one.
    const shape = {
      name: "Jean clásico",
      price: 3_000_000,
      variantAxes: [{ name: "Talle", values: ["42"] }],
      variantOf: null,
      variantValues: null,
      priceFollowsModel: true,
    };
    const reshape = f.product(modelId, shape, "updated");
    const kept = f.product(undefined, {
      name: "Jean clásico · 42",
      sku: "JEAN-42",
      price: 3_000_000,
      variantAxes: null,
      variantOf: modelId,
      variantValues: ["42"],
      priceFollowsModel: true,
    });
    const naming = f.product(modelId, { ...shape, stockVariantId: kept.entityId }, "updated");
    const conversion = [reshape, kept, naming];
    const res = await send(appliance.token, conversion);
    expect(res.statusCode, res.body).toBe(200);

    const goodsBack = [f.returnOf(returned.payload, modelId, 2), f.voidOf(voided.payload)];
    expect((await send(appliance.token, goodsBack)).statusCode).toBe(200);
    expect(await onHand(appliance.tenantId, kept.entityId)).toBe(3);
    expect(await onHand(appliance.tenantId, modelId)).toBe(-3);
    // The naming op again (a retry) changes nothing.
    expect((await send(appliance.token, [naming])).statusCode).toBe(200);
    expect(await count("product_conversions", appliance.tenantId)).toBe(1);
  });

  it("treats a batch resent after a commit whose answer was lost as already applied", async () => {
    const { appliance, f } = await freshShop("lost");
    const ops = [f.sale().op, f.sale().op, f.sale().op];
    await send(appliance.token, ops); // the answer "was lost": the appliance never saw it
    const resent = await send(appliance.token, ops);
    expect(json(resent)).toMatchObject({ applied: 0, duplicates: 3 });
    expect(await count("sales", appliance.tenantId)).toBe(3);
  });

  it("records the parked count the appliance reports and keeps it when a batch omits it", async () => {
    const { appliance } = await freshShop("parked");
    const parkedNow = async () =>
      (
        await db.owner.query<{ parked: number | null }>("SELECT parked FROM appliances WHERE id = $1", [
          appliance.applianceId,
        ])
      )[0]?.parked;
    expect(await parkedNow()).toBeNull();
    expect((await send(appliance.token, [], { backlog: 0, parked: 3 })).statusCode).toBe(200);
    expect(await parkedNow()).toBe(3);
    // An appliance from before this field sends no count: the last one reported stays.
    expect((await send(appliance.token, [], { backlog: 0 })).statusCode).toBe(200);
    expect(await parkedNow()).toBe(3);
    expect((await send(appliance.token, [], { parked: 0 })).statusCode).toBe(200);
    expect(await parkedNow()).toBe(0);
  });

  it("projects cash sessions with the Z report, stock adjustments, alarms, notifications and other entities", async () => {
    const { appliance, f } = await freshShop("proj");
    const sessionId = uuidv7();
    const z = {
      sessionId,
      terminal: { id: "t1", code: 1, name: "Caja 1" },
      openedAt: "2026-03-02T09:00:00.000Z",
      closedAt: "2026-03-02T20:00:00.000Z",
      openedBy: "s1",
      closedBy: "s2",
      openingFloat: 1_000_000,
      salesCount: 3,
      expectedCash: 5_000_000,
      countedCash: 4_990_000,
      difference: -10_000,
    };
    const alarmId = uuidv7();
    const alarm = (status: AlarmStatus, updatedAt: string) => ({
      id: alarmId,
      deviceId: "heladera",
      severity: 3,
      status,
      message: "Heladera caliente",
      raisedAt: "2026-03-02T10:00:00.000Z",
      updatedAt,
    });
    const movementId = uuidv7();
    const ops = [
      f.op("cash_session", sessionId, "opened", {
        id: sessionId,
        terminalId: "t1",
        openedBy: "s1",
        openedAt: z.openedAt,
        openingFloat: 1_000_000,
      }),
      f.op("stock_movement", movementId, "created", {
        id: movementId,
        productId: "yerba",
        quantity: 24,
        reason: "receipt",
        note: null,
        staffId: null,
        at: z.openedAt,
      }),
      f.op("alarm", alarmId, "cleared", alarm("cleared", "2026-03-02T11:00:00.000Z")),
      f.op("alarm", alarmId, "raised", alarm("active", "2026-03-02T10:00:00.000Z")),
      f.op("notification", uuidv7(), "created", {
        ruleId: "r1",
        message: "Heladera a 9 °C",
        value: 9,
        at: z.openedAt,
      }),
      f.op("staff", "s9", "created", { id: "s9", name: "Beto", role: "cashier", active: true }),
      f.rawOp("device", "d1", "updated", { id: "d1", name: "Heladera", kind: "sensor" }),
      f.op("cash_session", sessionId, "closed", z),
    ];
    const res = await send(appliance.token, ops, { backlog: 7, parked: 2 });
    expect(res.statusCode).toBe(200);
    const [session] = await db.owner.query<{ status: string; z_report: { countedCash: number } }>(
      "SELECT status, z_report FROM cash_sessions WHERE tenant_id = $1",
      [appliance.tenantId],
    );
    expect(session).toMatchObject({ status: "closed", z_report: { countedCash: 4_990_000 } });
    expect(await onHand(appliance.tenantId, "yerba")).toBe(24);
    const [alarmRow] = await db.owner.query<{ status: string }>(
      "SELECT status FROM alarms WHERE tenant_id = $1",
      [appliance.tenantId],
    );
    expect(alarmRow?.status).toBe("cleared"); // the older "active" update did not overwrite it
    expect(await count("owner_notifications", appliance.tenantId, "status = 'queued'")).toBe(1);
    expect(await count("appliance_events", appliance.tenantId)).toBe(2);
    const [me] = await db.owner.query<{
      last_seq: number;
      backlog: number;
      parked: number;
      last_seen_at: Date;
    }>("SELECT last_seq, backlog, parked, last_seen_at FROM appliances WHERE id = $1", [
      appliance.applianceId,
    ]);
    expect(me).toMatchObject({ last_seq: ops.length, backlog: 7, parked: 2 });
    expect(me?.last_seen_at).toBeInstanceOf(Date);
  });
});

describe("POST /v1/ingest refusals change nothing", () => {
  it("answers 422 naming the invalid ops and applies none of the batch", async () => {
    const { appliance, f } = await freshShop("reject");
    const good = f.sale().op;
    const floatMoney = f.sale();
    (floatMoney.op.payload as { total: number }).total = 10.5;
    const unknown = f.rawOp("spaceship", "x", "launched", {});
    const wrongId = f.sale();
    wrongId.op.entityId = "otro";
    const before = await snapshot(db.owner);
    const res = await send(appliance.token, [good, floatMoney.op, unknown, wrongId.op]);
    expect(res.statusCode).toBe(422);
    const body = json<{
      error: { code: string; message: string };
      rejected: { id: string; reason: string }[];
    }>(res);
    expect(body.error.code).toBe("ops_rejected");
    expect(body.rejected.map((r) => r.id)).toEqual([floatMoney.op.id, unknown.id, wrongId.op.id]);
    expect(body.rejected[0]?.reason).toMatch(/total/);
    expect(body.rejected[1]?.reason).toMatch(/spaceship/);
    expect(await snapshot(db.owner)).toBe(before);
    // The appliance parks those and resends the rest.
    expect(json(await send(appliance.token, [good]))).toMatchObject({ applied: 1 });
  });

  it.each([
    ["malformed JSON", "{ops: [", 400],
    ["a missing ops field", JSON.stringify({}), 400],
    ["ops of the wrong type", JSON.stringify({ ops: "todas" }), 400],
    ["an unknown field", JSON.stringify({ ops: [], extra: 1 }), 400],
    [
      "a negative seq",
      JSON.stringify({
        ops: [
          {
            id: uuidv7(),
            seq: -1,
            entity: "sale",
            entityId: "x",
            op: "created",
            payload: {},
            createdAt: "2026-03-02T12:00:00Z",
          },
        ],
      }),
      400,
    ],
    ["an absurd backlog", JSON.stringify({ ops: [], backlog: 1e12 }), 400],
    ["an absurd parked count", JSON.stringify({ ops: [], parked: 1e12 }), 400],
    ["a negative parked count", JSON.stringify({ ops: [], parked: -1 }), 400],
    ["a fractional parked count", JSON.stringify({ ops: [], parked: 1.5 }), 400],
    ["a parked count as text", JSON.stringify({ ops: [], parked: "3" }), 400],
    [
      "too many ops",
      JSON.stringify({
        ops: Array.from({ length: 1001 }, (_, i) => ({
          id: uuidv7(),
          seq: i + 1,
          entity: "staff",
          entityId: "s",
          op: "created",
          payload: {},
          createdAt: "2026-03-02T12:00:00Z",
        })),
      }),
      400,
    ],
    ["an oversized body", JSON.stringify({ ops: [], pad: "x".repeat(17 * 1024 * 1024) }), 413],
  ])("refuses %s with a Spanish message", async (_label, body, status) => {
    const before = await snapshot(db.owner);
    const res = await cloud.app.inject({
      method: "POST",
      url: "/v1/ingest",
      headers: { ...bearer(applianceA.token), "content-type": "application/json" },
      payload: body,
    });
    expect(res.statusCode).toBe(status);
    expect(json<{ error: { message: string } }>(res).error.message).toMatch(/[a-záéíóú]/i);
    expect(await snapshot(db.owner)).toBe(before);
  });

  it("refuses an oversized payload as a rejected op", async () => {
    const f = new OpFactory();
    const op = f.rawOp("staff", "s1", "created", { id: "s1", notes: "x".repeat(70 * 1024) });
    const res = await send(applianceA.token, [op]);
    expect(res.statusCode).toBe(422);
    expect(json<{ rejected: { reason: string }[] }>(res).rejected[0]?.reason).toMatch(/KB/);
  });

  it("refuses a missing or unknown credential", async () => {
    const none = await cloud.app.inject({ method: "POST", url: "/v1/ingest", payload: { ops: [] } });
    expect(none.statusCode).toBe(401);
    const unknown = await send("moa_inventado", []);
    expect(json<{ error: { code: string } }>(unknown).error.code).toBe("appliance_unknown");
  });

  it("refuses a revoked appliance with appliance_revoked and applies nothing", async () => {
    const { shop, appliance, f } = await freshShop("revoked");
    await cloud.app.inject({
      method: "POST",
      url: `/v1/appliances/${appliance.applianceId}/revoke`,
      headers: bearer(shop.token),
    });
    const res = await send(appliance.token, [f.sale().op]);
    expect(res.statusCode).toBe(401);
    expect(json<{ error: { code: string } }>(res).error.code).toBe("appliance_revoked");
    expect(await count("sales", appliance.tenantId)).toBe(0);
  });

  it("keeps another tenant's rows untouched when an appliance reuses their op and sale ids", async () => {
    const a = await freshShop("victim");
    const sale = a.f.sale([{ productId: "asado", quantity: 1, unitPrice: 900_000 }]);
    await send(a.appliance.token, [sale.op]);
    const victimBefore = await db.owner.query("SELECT * FROM sales WHERE tenant_id = $1", [
      a.appliance.tenantId,
    ]);

    const b = await freshShop("intruder");
    const forged: IngestOp = {
      ...sale.op,
      payload: { ...sale.payload, total: 1, status: "voided", voidedAt: "2026-03-02T13:00:00.000Z" },
      op: "voided",
    };
    const res = await send(b.appliance.token, [sale.op, forged]);
    expect(res.statusCode).toBe(200);
    // Applied in B's own tenant (not mistaken for A's already-applied op), A unchanged.
    expect(json(res)).toMatchObject({ applied: 1 });
    expect(await db.owner.query("SELECT * FROM sales WHERE tenant_id = $1", [a.appliance.tenantId])).toEqual(
      victimBefore,
    );
    expect(await onHand(a.appliance.tenantId, "asado")).toBe(-1);
    expect(await count("sales", b.appliance.tenantId)).toBe(1);
  });
});

describe("POST /v1/ingest parks an op with a control character or a lone surrogate, not the batch", () => {
  /** A product as the till uploads it (desktop/src/catalog/product-writes.ts outboxPayload). */
  function productOp(f: OpFactory, name: string): IngestOp {
    return f.product(uuidv7(), { sku: `PAN-${f.seq + 1}`, name, price: 150_000 });
  }

  type Rejection = { error: { code: string }; rejected: { id: string; reason: string }[] };

  it("answers 422 naming only the product whose name holds a NUL; the other two go through on the resend", async () => {
    const { appliance, f } = await freshShop("nul");
    const before = await snapshot(db.owner);
    const first = f.sale().op;
    const bad = productOp(f, "Pan\u0000rallado");
    const last = f.sale().op;
    const res = await send(appliance.token, [first, bad, last]);
    expect(res.statusCode).toBe(422);
    expect(json<Rejection>(res)).toEqual({
      error: expect.objectContaining({ code: "ops_rejected" }),
      rejected: [
        { id: bad.id, reason: 'El campo "name" contiene un carácter de control (U+0000), que no se admite' },
      ],
    });
    expect(await snapshot(db.owner)).toBe(before);
    expect(json(await send(appliance.token, [first, last]))).toMatchObject({ applied: 2, duplicates: 0 });
  });

  it.each(HOSTILE_TEXT.filter(({ label }) => label !== "line break" && label !== "tab"))(
    "parks an op with $label in a payload value, deep, or in a payload key",
    async ({ text }) => {
      const { appliance, f } = await freshShop("deep");
      const before = await snapshot(db.owner);
      const good = f.sale().op;
      const inLine = f.sale();
      inLine.payload.lines[0]!.description = `Producto ${text}`;
      const inKey = f.rawOp("staff", "s1", "created", { id: "s1", name: "Ana", extra: { [`k${text}`]: 1 } });
      const res = await send(appliance.token, [good, inLine.op, inKey]);
      expect(res.statusCode).toBe(422);
      const { rejected } = json<Rejection>(res);
      expect(rejected.map((r) => r.id)).toEqual([inLine.op.id, inKey.id]);
      expect(rejected[0]?.reason).toMatch(/^El campo "lines\.0\.description" contiene un carácter/);
      expect(rejected[1]?.reason).toMatch(/^El nombre del campo "extra\.k(Pan)?\\u[0-9a-f]{4}/);
      expect(await snapshot(db.owner)).toBe(before);
    },
  );

  it.each(HOSTILE_TEXT)(
    "parks an op with $label in its envelope (entityId, entity, op, createdAt)",
    async ({ text }) => {
      const { appliance, f } = await freshShop("envelope");
      const before = await snapshot(db.owner);
      const ops = (["entityId", "entity", "op", "createdAt"] as const).map((field) => {
        const op = f.rawOp("staff", "s1", "created", { id: "s1", name: "Ana" });
        op[field] = `${op[field]}${text}`;
        return op;
      });
      const res = await send(appliance.token, [f.sale().op, ...ops]);
      expect(res.statusCode).toBe(422);
      const { rejected } = json<Rejection>(res);
      expect(rejected.map((r) => r.id)).toEqual(ops.map((o) => o.id));
      expect(rejected.map((r) => /^El campo "(\w+)" contiene/.exec(r.reason)?.[1])).toEqual([
        "entityId",
        "entity",
        "op",
        "createdAt",
      ]);
      expect(await snapshot(db.owner)).toBe(before);
    },
  );

  it("applies a payload whose free text holds a line break or a tab (the appliance's own multi-line fields)", async () => {
    const { appliance, f } = await freshShop("lines");
    const sale = f.sale();
    const voided = f.voidOf(sale.payload);
    (voided.payload as { voidReason: string }).voidReason = "Cliente arrepentido\r\n\tdevolvió todo";
    const settings = f.op("shop_settings", "shop", "updated", { receiptFooter: "Gracias\nVuelva pronto" });
    const res = await send(appliance.token, [sale.op, voided, settings]);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ applied: 3 });
  });

  it("is not refused as a whole batch by the HTTP text check (a 400 would jam the queue)", async () => {
    const { appliance, f } = await freshShop("whole");
    const res = await send(appliance.token, [productOp(f, "\ud800")]);
    expect(res.statusCode).toBe(422);
    expect(json<Rejection>(res).rejected[0]?.reason).toMatch(/U\+D800 suelto/);
  });
});

describe("POST /v1/ingest of an exchange (cambio: a return and a new sale paid with its credit)", () => {
  it("projects both halves once, stock both ways, and counts the credit as a method, not as money twice", async () => {
    const { shop, appliance, f } = await freshShop("exchange");
    const first = f.sale([{ productId: "coca", quantity: 2, unitPrice: 150_000 }]);
    // One coca back ($ 1.500) for a yerba ($ 4.000): the credit pays $ 1.500, cash the $ 2.500 difference.
    const back = f.returnOf(first.payload, "coca", 1);
    const backPayload = back.payload as { refunds: { id: string; method: string; amount: number }[] };
    backPayload.refunds = [{ id: uuidv7(), method: "exchange", amount: 150_000 }];
    const taken = f.sale([{ productId: "yerba", quantity: 1, unitPrice: 400_000 }]);
    // As the till writes them: the credit has no tendered amount (cash alone does).
    (taken.payload as { payments: unknown[] }).payments = [
      { id: uuidv7(), method: "exchange", amount: 150_000, tendered: null, change: 0, reference: null },
      { id: uuidv7(), method: "cash", amount: 250_000, tendered: 300_000, change: 50_000, reference: null },
    ];
    const ops = [first.op, back, { ...taken.op, payload: taken.payload }];
    const res = await send(appliance.token, ops);
    expect(json(res)).toEqual({ applied: 3, duplicates: 0, lastSeq: 3 });
    expect(json(await send(appliance.token, ops))).toEqual({ applied: 0, duplicates: 3, lastSeq: 3 });
    expect(await onHand(appliance.tenantId, "coca")).toBe(-1);
    expect(await onHand(appliance.tenantId, "yerba")).toBe(-1);

    const summary = json<SalesSummary>(
      await cloud.app.inject({
        method: "GET",
        url: `/v1/dashboard/sales?period=today&storeId=${shop.storeId}`,
        headers: bearer(shop.token),
      }),
    );
    // Sales are what went out, returns what came back; by method, cash is exactly the money taken.
    expect(summary.totals).toMatchObject({ total: 300_000 + 400_000, tickets: 2 });
    expect(summary.returns).toEqual({ total: 150_000, count: 1 });
    const byMethod = Object.fromEntries(summary.byPaymentMethod.map((m) => [m.method, m.total]));
    expect(byMethod).toEqual({ cash: 300_000 + 250_000, exchange: 150_000 });
  });
});
