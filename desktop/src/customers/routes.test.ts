import { CustomerSchema, ErasureSchema } from "@mostrador/contracts/http/customers";
import { SaleSchema } from "@mostrador/contracts/http/sales";
import { syncPayloadErrors } from "@mostrador/contracts/sync/check-payload";
import { newId } from "@mostrador/kernel/db/ids";
import { createSession } from "@mostrador/kernel/staff/sessions";
import { Value } from "@sinclair/typebox/value";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { type SaleFixture, seedSaleFixture, writeCounts } from "../pos/test-fixtures.js";
import { buildSaleReceipt } from "../receipts/layout.js";

const TABLES = ["customers", "customer_consents", "customer_field_clocks", "sales", "outbox"];

describe("customers API and the sale's customer", () => {
  let t: TestApi;
  let f: SaleFixture;
  let cashier: Record<string, string>;
  let manager: Record<string, string>;
  beforeEach(async () => {
    t = await openTestApi();
    f = seedSaleFixture(t.core, t.terminal);
    cashier = bearer(createSession(t.core, f.cashier.staffId, t.terminal.id));
    manager = bearer(createSession(t.core, f.manager.staffId, t.terminal.id));
  });
  afterEach(async () => t.close());

  const snapshot = () => TABLES.map((table) => t.core.db.prepare(`SELECT * FROM ${table}`).all());
  const send = (method: "GET" | "POST" | "PATCH", url: string, payload?: unknown, headers = cashier) =>
    t.app.inject({ method, url: `/api${url}`, headers, ...(payload ? { payload: payload as object } : {}) });
  const sell = (customerId?: string | null) =>
    send("POST", "/sales", {
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, quantity: 1 }],
      payments: [{ method: "cash", amount: f.products.gaseosa.price }],
      ...(customerId !== undefined ? { customerId } : {}),
    });

  it("a cashier quick-creates a customer, finds them by loyalty code and sells to them; the receipt and Historial name them", async () => {
    const created = await send("POST", "/customers", { name: "Lucía Fernández", loyaltyCode: "MOST-0001" });
    expect(created.statusCode).toBe(201);
    expect(Value.Check(CustomerSchema, created.json())).toBe(true);
    const found = await send("GET", "/customers/loyalty/MOST-0001");
    expect(found.json()).toMatchObject({ id: created.json().id, name: "Lucía Fernández" });
    expect((await send("GET", "/customers?q=lucia")).json()).toHaveLength(1);

    const sale = await sell(created.json().id);
    expect(sale.statusCode).toBe(201);
    expect(Value.Check(SaleSchema, sale.json())).toBe(true);
    expect(sale.json().customer).toEqual({ id: created.json().id, name: "Lucía Fernández" });
    const again = await send("GET", `/sales/${sale.json().id}`);
    expect(again.json().customer).toEqual(sale.json().customer);
    const history = await send("GET", "/sales");
    expect(history.json()[0].customerName).toBe("Lucía Fernández");

    const receipt = JSON.stringify(buildSaleReceipt(t.core, sale.json().id));
    expect(receipt).toContain("Lucía Fernández");

    const op = t.core.db.prepare("SELECT payload FROM outbox WHERE entity = 'sale'").get() as {
      payload: string;
    };
    const payload = JSON.parse(op.payload) as Record<string, unknown>;
    expect(payload.customerId).toBe(created.json().id);
    expect(op.payload).not.toContain("Lucía");
    expect(syncPayloadErrors("sale", "created", payload)).toEqual([]);
  });

  it("an anonymous sale stays anonymous", async () => {
    const sale = await sell(null);
    expect(sale.statusCode).toBe(201);
    expect(sale.json().customer).toBeUndefined();
  });

  it("refuses a sale to an unknown, merged or erased customer, changing nothing", async () => {
    const a = (await send("POST", "/customers", { name: "A" })).json();
    const b = (await send("POST", "/customers", { name: "B" })).json();
    const c = (await send("POST", "/customers", { name: "C" })).json();
    t.core.db.prepare("UPDATE customers SET merged_into = ? WHERE id = ?").run(a.id, b.id);
    expect((await send("POST", `/customers/${c.id}/erase`, undefined, manager)).statusCode).toBe(200);
    for (const [id, code] of [
      ["no-existe", "customer_not_found"],
      [b.id, "customer_merged"],
      [c.id, "customer_erased"],
    ]) {
      const before = writeCounts(t.core);
      const res = await sell(id);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.message).toMatch(/cliente/i);
      expect(writeCounts(t.core)).toEqual(before);
    }
  });

  it("lets cashiers create and record consent but only managers edit and erase", async () => {
    const c = (await send("POST", "/customers", { name: "Ana", email: "ana@x.com" })).json();
    const before = snapshot();
    const edit = await send("PATCH", `/customers/${c.id}`, { name: "Ana María" });
    expect(edit.statusCode).toBe(403);
    expect((await send("POST", `/customers/${c.id}/erase`)).statusCode).toBe(403);
    expect(snapshot()).toEqual(before);

    const consent = await send("POST", `/customers/${c.id}/consent`, { channel: "email", granted: true });
    expect(consent.statusCode).toBe(200);
    expect(consent.json().consent[0]).toMatchObject({
      channel: "email",
      granted: true,
      source: "till",
      staffName: f.cashier.name,
    });
    const edited = await send("PATCH", `/customers/${c.id}`, { name: "Ana María" }, manager);
    expect(edited.json().name).toBe("Ana María");
  });

  it("refuses bad input with a 400 or 409 and a Spanish message, changing nothing", async () => {
    await send("POST", "/customers", { name: "Dueño", docNumber: "30123456" });
    const before = snapshot();
    const cases: [unknown, number, string][] = [
      [{ name: "X", docNumber: "123" }, 400, "invalid_dni"],
      [{ name: "X", docType: "cuit", docNumber: "20123456785" }, 400, "invalid_cuit"],
      [{ name: "X", phone: "12" }, 400, "invalid_phone"],
      [{ name: "X", birthday: "2099-01-01" }, 400, "invalid_birthday"],
      [{ name: "X", docNumber: "30.123.456" }, 409, "duplicate_document"],
      [{ name: "X", extra: 1 }, 400, "invalid_input"],
      [{}, 400, "invalid_input"],
    ];
    for (const [body, status, code] of cases) {
      const res = await send("POST", "/customers", body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.message).toMatch(/[a-záéíóúñ]{3}/i);
    }
    expect((await send("GET", "/customers/loyalty/NADA")).statusCode).toBe(404);
    expect(snapshot()).toEqual(before);
  });

  it("erasing a customer with a CUIT and sales keeps the CUIT for fiscal law and says so; the sale stays, anonymous", async () => {
    const c = (
      await send("POST", "/customers", {
        name: "Empresa SA",
        docType: "cuit",
        docNumber: "20-12345678-6",
        ivaCondition: "responsable_inscripto",
        email: "compras@empresa.com",
      })
    ).json();
    const sale = (await sell(c.id)).json();
    const erased = await send("POST", `/customers/${c.id}/erase`, undefined, manager);
    expect(erased.statusCode).toBe(200);
    expect(Value.Check(ErasureSchema, erased.json())).toBe(true);
    expect(erased.json()).toMatchObject({
      keptDocNumber: "20123456786",
      customer: { name: "", email: null, docNumber: "20123456786" },
    });
    const after = (await send("GET", `/sales/${sale.id}`)).json();
    expect(after.customer).toEqual({ id: c.id, name: "" });
    const audit = t.core.db.prepare("SELECT action FROM audit_log WHERE action = 'customer.erased'").all();
    expect(audit).toHaveLength(1);
  });
});
