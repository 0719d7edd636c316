import { syncPayloadErrors } from "@mostrador/contracts/sync/check-payload";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { insertCustomer } from "../accounts/test-customers.js";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { commitReturn } from "../pos/returns.js";
import { commitSale } from "../pos/sale.js";
import { type SaleFixture, seedSaleFixture } from "../pos/test-fixtures.js";
import { voidSale } from "../pos/voids.js";
import { runExpiry } from "./expiry.js";
import { issueCard } from "./issue.js";
import { blockCard, cashOutCard, transferCard, unblockCard, voidTopUp } from "./manage.js";
import { setCardSettings } from "./settings.js";
import { topUpCard } from "./topup.js";

/** Every card op the domain really writes is what the cloud's ingest accepts (contracts/src/sync/cards.ts). */
describe("the cards outbox rows against the sync operation map", () => {
  let core: TestCore;
  let f: SaleFixture;
  beforeEach(() => {
    core = openTestCore();
    f = seedSaleFixture(core, createTerminal(core, { code: 1, name: "Caja 1" }));
  });
  afterEach(() => core.close());

  it("cards created and updated, and entries of every kind, all pass", () => {
    setCardSettings(core, f.manager, {
      deposit: 10_000,
      depositRefundable: true,
      expiresAt: "2026-12-01T00:00:00Z",
    });
    const ana = insertCustomer(core, { name: "Ana Pérez" });
    const rid = () => ({ requestId: newId() });
    const a = issueCard(core, f.cashier, {
      ...rid(),
      uid: "04A1B2C3",
      customerId: ana.id,
      method: "cash",
      topup: 900_000,
    }).answer.card;
    const b = issueCard(core, f.cashier, {
      ...rid(),
      uid: "04A1B2C4",
      printedNumber: "7",
      method: "debit",
      topup: 500_000,
    }).answer.card;
    const extra = topUpCard(core, f.cashier, b.id, { ...rid(), amount: 1_000, method: "transfer" }).answer
      .entry!;
    voidTopUp(core, f.manager, extra.id, { ...rid(), reason: "Error" });
    const sell = (cardId: string) =>
      commitSale(core, f.cashier, {
        id: newId(),
        lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
        payments: [
          { method: "card", amount: 300_000 },
          { method: "cash", amount: 200_000 },
        ],
        cardId,
      }).sale;
    const sale = sell(a.id);
    commitReturn(core, f.manager, sale.id, {
      id: newId(),
      lines: [{ saleLineId: sale.lines[0]!.id, quantity: 1 }],
      refunds: [{ method: "card", amount: 250_000 }],
      reason: "Devuelve una",
    });
    voidSale(core, f.manager, sell(a.id).id, { reason: "Error" });
    blockCard(core, f.cashier, b.id, { ...rid(), reason: "Perdida" });
    unblockCard(core, f.manager, b.id, rid());
    blockCard(core, f.cashier, b.id, rid());
    const moved = transferCard(core, f.manager, b.id, { ...rid(), newUid: "AABBCCDD" }).answer.to;
    cashOutCard(core, f.manager, moved.id, rid());
    core.clock.set("2026-12-02T00:00:00.000Z");
    runExpiry(core);

    const rows = core.db
      .prepare("SELECT entity, op, payload FROM outbox WHERE entity IN ('card', 'card_entry') ORDER BY seq")
      .all() as { entity: string; op: string; payload: string }[];
    const kinds = new Set(
      rows.map((r) => `${r.entity}:${r.op}:${(JSON.parse(r.payload) as { kind?: string }).kind ?? ""}`),
    );
    for (const k of [
      "card:created:",
      "card:updated:",
      "card_entry:created:topup",
      "card_entry:created:charge",
      "card_entry:created:refund",
      "card_entry:created:cashout",
      "card_entry:created:void_topup",
      "card_entry:created:transfer_out",
      "card_entry:created:transfer_in",
      "card_entry:created:expire",
    ])
      expect(kinds).toContain(k);
    const refusals = rows.flatMap((r) =>
      syncPayloadErrors(r.entity, r.op, JSON.parse(r.payload)).map((e) => `${r.entity}/${r.op} ${e}`),
    );
    expect(refusals).toEqual([]);
  });
});
