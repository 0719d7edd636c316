import type { Terminal } from "@mostrador/contracts/http/settings";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { insertCustomer } from "../accounts/test-customers.js";
import { commitExchange } from "../pos/exchanges.js";
import { commitReturn } from "../pos/returns.js";
import { commitSale } from "../pos/sale.js";
import {
  closeCashSessionRow,
  MANAGER_PIN,
  type SaleFixture,
  seedSaleFixture,
  writeCounts,
} from "../pos/test-fixtures.js";
import { voidSale } from "../pos/voids.js";
import { cardView, requireCardByUid } from "./cards.js";
import { expiryReport, runExpiry } from "./expiry.js";
import { issueCard } from "./issue.js";
import { cardBalance, cardEntries } from "./ledger.js";
import { blockCard, cashOutCard, transferCard, unblockCard, voidTopUp } from "./manage.js";
import { cardHistory, cardsReport, outstanding } from "./reports.js";
import { setCardSettings } from "./settings.js";
import { topUpCard } from "./topup.js";

describe("prepaid cards", () => {
  let core: TestCore;
  let terminal: Terminal;
  let f: SaleFixture;
  beforeEach(() => {
    core = openTestCore();
    terminal = createTerminal(core, { code: 1, name: "Caja 1" });
    f = seedSaleFixture(core, terminal);
  });
  afterEach(() => core.close());

  const counts = () => {
    const c = writeCounts(core);
    for (const t of ["cards", "card_entries", "card_requests"]) {
      c[t] = (core.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    }
    return c;
  };
  const issue = (uid = "04A1B2C3", topup?: number) =>
    issueCard(core, f.cashier, {
      requestId: newId(),
      uid,
      ...(topup ? { topup, method: "cash" as const } : {}),
    }).answer.card;
  const topUp = (cardId: string, amount: number, method: "cash" | "debit" = "cash") =>
    topUpCard(core, f.cashier, cardId, { requestId: newId(), amount, method }).answer;
  // One gaseosa: $ 2.500,00.
  const payByCard = (cardId: string | null, amount = 250_000, cash = 0) =>
    commitSale(core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, quantity: 1 }],
      payments: [
        ...(amount > 0 ? [{ method: "card" as const, amount }] : []),
        ...(cash > 0 ? [{ method: "cash" as const, amount: cash }] : []),
      ],
      cardId,
    }).sale;

  it("issues an anonymous card with the shop's deposit, tops it up and shows the balance as the ledger's sum", () => {
    setCardSettings(core, f.manager, { deposit: 50_000, depositRefundable: true, expiresAt: null });
    const issued = issueCard(core, f.cashier, {
      requestId: newId(),
      uid: "de:ad:be:ef",
      printedNumber: "0042",
      method: "cash",
      topup: 1_000_000,
    }).answer;
    expect(issued.card).toMatchObject({
      uid: "DEADBEEF",
      printedNumber: "0042",
      status: "active",
      balance: 1_000_000,
    });
    expect(issued.card).toMatchObject({ deposit: 50_000, depositRefundable: true, customer: null });
    expect(issued.cash).toBe(1_050_000);
    topUp(issued.card.id, 500_000, "debit");
    expect(cardView(core, requireCardByUid(core, "0xDE 0xAD 0xBE 0xEF")).balance).toBe(1_500_000);
    const sum = core.db
      .prepare("SELECT SUM(amount) AS s FROM card_entries WHERE card_id = ?")
      .get(issued.card.id) as {
      s: number;
    };
    expect(sum.s).toBe(1_500_000);
  });

  it("issues a card linked to a customer", () => {
    const ana = insertCustomer(core, { name: "Ana Pérez" });
    const { card } = issueCard(core, f.cashier, {
      requestId: newId(),
      uid: "04a1b2c3d4e5f6",
      customerId: ana.id,
    }).answer;
    expect(card.customer).toEqual({ id: ana.id, name: "Ana Pérez" });
  });

  it("refuses a UID with garbage, an odd length, too short, or already issued, and changes nothing", () => {
    issue("04A1B2C3");
    const before = counts();
    for (const uid of ["04A1\u0000B2C3", "ZZ112233", "04A1B2C", "0102", "", "04-A1-B2-C3"]) {
      const r = refusal(() => issueCard(core, f.cashier, { requestId: newId(), uid }));
      expect(r.code, uid).toMatch(/invalid_card_uid|card_uid_taken/);
      expect(r.message).toMatch(/UID|ya está emitida/);
    }
    expect(counts()).toEqual(before);
  });

  it("refuses a top-up of 0 or of a negative amount, a bad method, and an unknown card, changing nothing", () => {
    const card = issue();
    const before = counts();
    for (const amount of [0, -100, 1.5]) {
      const r = refusal(() =>
        topUpCard(core, f.cashier, card.id, { requestId: newId(), amount, method: "cash" }),
      );
      expect(r.code).toBe("invalid_amount");
      expect(r.message).toMatch(/mayor que \$/);
    }
    expect(
      refusal(() =>
        topUpCard(core, f.cashier, card.id, { requestId: newId(), amount: 100, method: "card" as "cash" }),
      ).code,
    ).toBe("invalid_card_method");
    expect(
      refusal(() => topUpCard(core, f.cashier, newId(), { requestId: newId(), amount: 100, method: "cash" }))
        .code,
    ).toBe("card_not_found");
    expect(refusal(() => requireCardByUid(core, "01020304")).message).toMatch(/no está emitida/);
    expect(counts()).toEqual(before);
  });

  it("a retried top-up (same request id) is applied once and answers the same", () => {
    const card = issue();
    const requestId = newId();
    const first = topUpCard(core, f.cashier, card.id, { requestId, amount: 100_000, method: "cash" });
    const again = topUpCard(core, f.cashier, card.id, { requestId, amount: 100_000, method: "cash" });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.answer).toEqual(first.answer);
    expect(cardBalance(core, card.id)).toBe(100_000);

    // A retry answered after the till closed, or a manager's cash-out retried from a cashier's till: the
    // first answer, nothing new (the retry is recognised before anything else is checked).
    const cashOutId = newId();
    const out = cashOutCard(core, f.manager, card.id, { requestId: cashOutId }).answer;
    closeCashSessionRow(core, f.sessionId, f.manager.staffId);
    expect(
      topUpCard(core, f.cashier, card.id, { requestId, amount: 100_000, method: "cash" }).answer,
    ).toEqual(first.answer);
    const retried = cashOutCard(core, f.cashier, card.id, { requestId: cashOutId });
    expect(retried).toEqual({ answer: out, created: false });
    expect(cardBalance(core, card.id)).toBe(0);
    // The same id for another operation is refused.
    expect(refusal(() => blockCard(core, f.cashier, card.id, { requestId })).code).toBe("request_id_reused");
  });

  it("pays a sale by card alone or mixed, in the sale's transaction, and refuses what the balance cannot cover", () => {
    const card = issue("04A1B2C3", 400_000);
    const sale = payByCard(card.id);
    expect(sale.payments.map((p) => p.method)).toEqual(["card"]);
    expect(cardBalance(core, card.id)).toBe(150_000);
    payByCard(card.id, 100_000, 150_000);
    expect(cardBalance(core, card.id)).toBe(50_000);
    const before = counts();
    const r = refusal(() => payByCard(card.id));
    expect(r.code).toBe("insufficient_balance");
    expect(r.message).toMatch(/Saldo insuficiente: la tarjeta tiene \$ 500,00/);
    expect(r.details).toMatchObject({ balance: 50_000, asked: 250_000 });
    expect(refusal(() => payByCard(null)).code).toBe("card_required");
    expect(refusal(() => payByCard(newId())).code).toBe("card_not_found");
    expect(counts()).toEqual(before);
    expect(cardBalance(core, card.id)).toBe(50_000);
  });

  it("refuses a charge or a top-up on a blocked card, and takes them again once a manager unblocks it", () => {
    const card = issue("04A1B2C3", 500_000);
    blockCard(core, f.cashier, card.id, { requestId: newId(), reason: "Perdida" });
    const before = counts();
    const r = refusal(() => payByCard(card.id));
    expect(r.code).toBe("card_blocked");
    expect(r.message).toMatch(/está bloqueada \(Perdida\)/);
    expect(refusal(() => topUp(card.id, 1_000)).code).toBe("card_blocked");
    expect(counts()).toEqual(before);
    expect(refusal(() => unblockCard(core, f.cashier, card.id, { requestId: newId() })).code).toBe(
      "approval_required",
    );
    unblockCard(core, f.cashier, card.id, {
      requestId: newId(),
      approval: { staffId: f.manager.staffId, pin: MANAGER_PIN },
    });
    payByCard(card.id);
    expect(cardBalance(core, card.id)).toBe(250_000);
  });

  it("a return refunded to card credits the card; a voided sale gives its charge back", () => {
    const card = issue("04A1B2C3", 1_000_000);
    const sale = commitSale(core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
      payments: [{ method: "card", amount: 500_000 }],
      cardId: card.id,
    }).sale;
    commitReturn(core, f.manager, sale.id, {
      id: newId(),
      lines: [{ saleLineId: sale.lines[0]!.id, quantity: 1 }],
      refunds: [{ method: "card", amount: 250_000 }],
      reason: "Devuelve una",
    });
    expect(cardBalance(core, card.id)).toBe(750_000);
    const other = payByCard(card.id);
    expect(cardBalance(core, card.id)).toBe(500_000);
    voidSale(core, f.manager, other.id, { reason: "Error" });
    expect(cardBalance(core, card.id)).toBe(750_000);
    expect(cardEntries(core, card.id).map((e) => e.kind)).toEqual([
      "topup",
      "charge",
      "refund",
      "charge",
      "refund",
    ]);
  });

  it("refuses a card on either side of an exchange (it would be neither charged nor credited), changing nothing", () => {
    const card = issue("04A1B2C3", 1_000_000);
    const sale = payByCard(card.id);
    const before = counts();
    const exchange = (payments: object[], refunds: object[]) =>
      refusal(() =>
        commitExchange(core, f.manager, {
          id: newId(),
          saleId: sale.id,
          returnLines: [{ saleLineId: sale.lines[0]!.id, quantity: 1 }],
          newLines: [{ productId: f.products.yerba.id, quantity: 1 }],
          payments,
          refunds,
          reason: "Otro",
        } as Parameters<typeof commitExchange>[2]),
      );
    const paid = exchange([{ method: "card", amount: 230_000 }], []);
    expect(paid.code).toBe("card_in_exchange");
    expect(paid.message).toMatch(/tarjeta prepaga/);
    expect(exchange([{ method: "cash", amount: 230_000 }], [{ method: "card", amount: 1 }]).code).toBe(
      "card_in_exchange",
    );
    expect(counts()).toEqual(before);
    expect(cardBalance(core, card.id)).toBe(750_000);
  });

  it("cashes out the balance and a refundable deposit (a manager), and the drawer gives it", () => {
    setCardSettings(core, f.manager, { deposit: 50_000, depositRefundable: true, expiresAt: null });
    const card = issueCard(core, f.cashier, {
      requestId: newId(),
      uid: "04A1B2C3",
      method: "cash",
      topup: 300_000,
    }).answer.card;
    payByCard(card.id, 100_000, 150_000);
    expect(refusal(() => cashOutCard(core, f.cashier, card.id, { requestId: newId() })).code).toBe(
      "approval_required",
    );
    const out = cashOutCard(core, f.manager, card.id, { requestId: newId() }).answer;
    expect(out.cash).toBe(-250_000);
    expect(out.card.balance).toBe(0);
    expect(out.card.depositReturnedAt).not.toBeNull();
    expect(refusal(() => cashOutCard(core, f.manager, card.id, { requestId: newId() })).code).toBe(
      "nothing_to_cash_out",
    );
    const audit = core.db
      .prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'card.cashout'")
      .get() as { n: number };
    expect(audit.n).toBe(1);
  });

  it("keeps a non-refundable deposit at cash-out", () => {
    setCardSettings(core, f.manager, { deposit: 50_000, depositRefundable: false, expiresAt: null });
    const card = issueCard(core, f.cashier, {
      requestId: newId(),
      uid: "04A1B2C3",
      method: "cash",
      topup: 100_000,
    }).answer.card;
    expect(cashOutCard(core, f.manager, card.id, { requestId: newId() }).answer.cash).toBe(-100_000);
  });

  it("transfers a lost card's balance to a new card: the old one is replaced and no longer answers to its UID", () => {
    const ana = insertCustomer(core, { name: "Ana Pérez" });
    const old = issueCard(core, f.cashier, {
      requestId: newId(),
      uid: "04A1B2C3",
      customerId: ana.id,
      method: "cash",
      topup: 700_000,
    }).answer.card;
    blockCard(core, f.cashier, old.id, { requestId: newId(), reason: "Perdida" });
    expect(
      refusal(() => transferCard(core, f.cashier, old.id, { requestId: newId(), newUid: "11223344" })).code,
    ).toBe("approval_required");
    expect(
      refusal(() => transferCard(core, f.manager, old.id, { requestId: newId(), newUid: "04A1B2C3" })).code,
    ).toBe("card_uid_taken");
    const requestId = newId();
    const moved = transferCard(core, f.manager, old.id, { requestId, newUid: "11223344" });
    expect(moved.answer.from).toMatchObject({
      status: "replaced",
      balance: 0,
      replacedBy: moved.answer.to.id,
    });
    expect(moved.answer.to).toMatchObject({
      status: "active",
      balance: 700_000,
      replaces: old.id,
      customer: { id: ana.id },
    });
    expect(transferCard(core, f.manager, old.id, { requestId, newUid: "11223344" }).created).toBe(false);
    expect(requireCardByUid(core, "11223344").id).toBe(moved.answer.to.id);
    expect(refusal(() => requireCardByUid(core, "04A1B2C3")).code).toBe("card_not_found");
    // The old card cannot be charged any more, whoever holds it (a clone spends nothing new).
    expect(refusal(() => payByCard(old.id)).code).toBe("card_replaced");
    // The UID can be issued again as a new card.
    expect(issue("04A1B2C3").balance).toBe(0);
  });

  it("a manager voids a mistaken top-up (audited), once, and not after it was spent; a cashier may not", () => {
    const card = issue();
    const mistaken = topUp(card.id, 1_000_000).entry!;
    const before = counts();
    const byCashier = refusal(() =>
      voidTopUp(core, f.cashier, mistaken.id, { requestId: newId(), reason: "Error" }),
    );
    expect(byCashier.code).toBe("approval_required");
    expect(byCashier.kind).toBe("forbidden");
    expect(counts()).toEqual(before);
    const voided = voidTopUp(core, f.manager, mistaken.id, {
      requestId: newId(),
      reason: "Cargó de más",
    }).answer;
    expect(voided.card.balance).toBe(0);
    expect(voided.cash).toBe(-1_000_000);
    expect(
      refusal(() => voidTopUp(core, f.manager, mistaken.id, { requestId: newId(), reason: "Otra" })).code,
    ).toBe("topup_already_voided");
    const spent = topUp(card.id, 300_000).entry!;
    payByCard(card.id, 100_000, 150_000);
    expect(
      refusal(() => voidTopUp(core, f.manager, spent.id, { requestId: newId(), reason: "x" })).code,
    ).toBe("insufficient_balance");
    expect(cardHistory(core, card.id).entries.find((e) => e.id === mistaken.id)?.voidedBy).toBe(
      voided.entry!.id,
    );
    const audit = core.db
      .prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'card.topup_voided'")
      .get() as {
      n: number;
    };
    expect(audit.n).toBe(1);
  });

  it("expires unused balance at the shop's date, once, and reports it", () => {
    setCardSettings(core, f.manager, {
      deposit: 0,
      depositRefundable: true,
      expiresAt: "2026-11-22T06:00:00-03:00",
    });
    const a = issue("04A1B2C3", 300_000);
    issue("04A1B2C4");
    expect(runExpiry(core)).toBe(0);
    expect(expiryReport(core)).toMatchObject({ done: false, pendingCards: 1, pendingTotal: 300_000 });
    core.clock.set("2026-11-22T09:00:00.000Z");
    expect(runExpiry(core)).toBe(2);
    expect(runExpiry(core)).toBe(0);
    expect(cardView(core, requireCardByUid(core, "04A1B2C3"))).toMatchObject({
      status: "expired",
      balance: 0,
    });
    expect(expiryReport(core)).toMatchObject({
      done: true,
      expiredCards: 1,
      expiredTotal: 300_000,
      pendingTotal: 0,
    });
    expect(refusal(() => topUp(a.id, 100)).code).toBe("card_expired");
  });

  it("reports a shift: top-ups by method, voided top-ups, charges by product, refunds, cash-outs, cards issued; outstanding at any moment", () => {
    setCardSettings(core, f.manager, { deposit: 10_000, depositRefundable: true, expiresAt: null });
    const a = issueCard(core, f.cashier, {
      requestId: newId(),
      uid: "04A1B2C3",
      method: "cash",
      topup: 1_000_000,
    }).answer.card;
    const b = issueCard(core, f.cashier, {
      requestId: newId(),
      uid: "04A1B2C4",
      method: "debit",
      topup: 500_000,
    }).answer.card;
    const wrong = topUp(b.id, 200_000).entry!;
    voidTopUp(core, f.manager, wrong.id, { requestId: newId(), reason: "Error" });
    const midway = core.clock.now().toISOString();
    core.clock.advance(60_000);
    payByCard(a.id);
    payByCard(b.id);
    cashOutCard(core, f.manager, a.id, { requestId: newId() });
    const r = cardsReport(core, { sessionId: f.sessionId });
    expect(r.topups).toEqual({
      count: 3,
      total: 1_700_000,
      byMethod: [
        { method: "cash", count: 2, total: 1_200_000 },
        { method: "debit", count: 1, total: 500_000 },
      ],
    });
    expect(r.voidedTopups).toEqual({ count: 1, total: 200_000 });
    expect(r.charges).toMatchObject({ count: 2, total: 500_000 });
    expect(r.charges.byProduct).toEqual([
      { productId: f.products.gaseosa.id, description: "Gaseosa cola 2,25 L", quantity: 2, total: 500_000 },
    ]);
    expect(r.cashouts).toEqual({ count: 1, total: 750_000, deposits: 10_000 });
    expect(r.cardsIssued).toEqual({ count: 2, deposits: 20_000 });
    // Cash: top-up 1.000.000 + 200.000 − voided 200.000 + deposit 10.000 − cash-out 750.000 − deposit 10.000.
    expect(r.cashNet).toBe(250_000);
    expect(cardsReport(core, { terminalId: terminal.id }).topups.total).toBe(1_700_000);
    expect(outstanding(core, midway)).toMatchObject({ cards: 2, balance: 1_500_000, deposits: 20_000 });
    expect(outstanding(core)).toMatchObject({ cards: 1, balance: 250_000, deposits: 10_000 });
    expect(refusal(() => cardsReport(core, {})).code).toBe("report_scope_required");
    expect(refusal(() => outstanding(core, "ayer")).code).toBe("invalid_instant");
  });

  it("the ledger itself refuses a negative balance and any edit (the last line of defence)", () => {
    const card = issue("04A1B2C3", 1_000);
    const insert = (amount: number, after: number) =>
      core.db
        .prepare(
          "INSERT INTO card_entries (id, card_id, kind, amount, balance_after, created_at) VALUES (?, ?, 'expire', ?, ?, 'x')",
        )
        .run(newId(), card.id, amount, after);
    expect(() => insert(-2_000, -1_000)).toThrow(/CHECK/);
    expect(() => insert(-500, 900)).toThrow(/previous balance plus the amount/);
    expect(() => core.db.prepare("UPDATE card_entries SET amount = 5").run()).toThrow(/append-only/);
    expect(() => core.db.prepare("DELETE FROM card_entries").run()).toThrow(/append-only/);
    expect(cardBalance(core, card.id)).toBe(1_000);
  });
});
