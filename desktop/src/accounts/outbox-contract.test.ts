import { syncPayloadErrors } from "@mostrador/contracts/sync/check-payload";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { applyCloudGrant } from "@mostrador/sync/download/allowance-apply";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { runDailyLoyalty } from "../loyalty/daily.js";
import { setLoyaltyRules } from "../loyalty/rules.js";
import { commitReturn } from "../pos/returns.js";
import { commitSale } from "../pos/sale.js";
import { type SaleFixture, seedSaleFixture } from "../pos/test-fixtures.js";
import { voidSale } from "../pos/voids.js";
import { adjustAccount, adjustPoints } from "./adjustments.js";
import { setCreditLimit } from "./limits.js";
import { payAccount } from "./payments.js";
import { insertCustomer } from "./test-customers.js";

/** Every account, points and allowance op the domain really writes is what the cloud's ingest accepts. */
describe("the accounts and loyalty outbox rows against the sync operation map", () => {
  let core: TestCore;
  let f: SaleFixture;
  beforeEach(() => {
    core = openTestCore();
    f = seedSaleFixture(core, createTerminal(core, { code: 1, name: "Caja 1" }));
  });
  afterEach(() => core.close());

  it("charges, payments, credits, adjustments, points of every kind and allowance entries all pass", () => {
    const ana = insertCustomer(core, { name: "Ana Pérez", birthday: "1990-11-21" });
    setLoyaltyRules(core, f.manager, {
      enabled: true,
      spendPerPoint: 10_000,
      pointValue: 100,
      minSaleTotal: 0,
      excludedCategories: [],
      expiryMonths: 1,
      birthdayBonus: 10,
    });
    setCreditLimit(core, f.manager, ana.id, 2_000_000);
    adjustPoints(core, f.manager, ana.id, { points: 100, note: "Bienvenida" });
    const sell = () =>
      commitSale(core, f.cashier, {
        id: newId(),
        lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
        payments: [
          { method: "points", amount: 1_000 },
          { method: "account", amount: 299_000 },
          { method: "cash", amount: 200_000 },
        ],
        customerId: ana.id,
      }).sale;
    const sale = sell();
    commitReturn(core, f.manager, sale.id, {
      id: newId(),
      lines: [{ saleLineId: sale.lines[0]!.id, quantity: 1 }],
      refunds: [
        { method: "points", amount: 500 },
        { method: "account", amount: 149_500 },
        { method: "cash", amount: 100_000 },
      ],
      reason: "Cambio",
    });
    voidSale(core, f.manager, sell().id, { reason: "Error" });
    payAccount(core, f.cashier, ana.id, { id: newId(), method: "cash", amount: 100_000, tendered: 150_000 });
    adjustAccount(core, f.manager, ana.id, { amount: -1_000, note: "Redondeo" });
    core.db
      .prepare(
        "INSERT INTO sync_credentials (id, cloud_url, appliance_id, tenant_id, store_id, token, name, enrolled_at) VALUES (1, 'http://x', ?, ?, ?, 't', 'n', ?)",
      )
      .run(newId(), newId(), newId(), "2020-01-01T00:00:00.000Z");
    core.db.transaction(() =>
      applyCloudGrant(core, {
        grantId: newId(),
        customerId: ana.id,
        kind: "points",
        amount: 5,
        expiresAt: "2026-11-22T00:00:00.000Z",
      }),
    )();
    core.clock.advance(40 * 86_400_000);
    runDailyLoyalty(core);

    const rows = core.db.prepare("SELECT entity, op, payload FROM outbox ORDER BY seq").all() as {
      entity: string;
      op: string;
      payload: string;
    }[];
    const ours = rows.filter((r) =>
      ["account_entry", "loyalty_entry", "allowance_entry", "customer_credit_limit"].includes(r.entity),
    );
    const kinds = new Set(
      ours.map(
        (r) => `${r.entity}:${(JSON.parse(r.payload) as { kind?: string; reason?: string }).kind ?? ""}`,
      ),
    );
    for (const k of [
      "account_entry:charge",
      "account_entry:payment",
      "account_entry:return_credit",
      "account_entry:void_credit",
      "account_entry:adjustment",
      "loyalty_entry:earn",
      "loyalty_entry:redeem",
      "loyalty_entry:return_earn",
      "loyalty_entry:return_redeem",
      "loyalty_entry:void",
      "loyalty_entry:expire",
      "loyalty_entry:adjustment",
      "allowance_entry:credit",
      "allowance_entry:points",
      "customer_credit_limit:",
    ])
      expect(kinds).toContain(k);
    const refusals = ours.flatMap((r) =>
      syncPayloadErrors(r.entity, r.op, JSON.parse(r.payload)).map((e) => `${r.entity}/${r.op} ${e}`),
    );
    expect(refusals).toEqual([]);
  });
});
