import { grantable, unallocatedCredit, unallocatedPoints } from "@mostrador/contracts/allowances";
import type { Terminal } from "@mostrador/contracts/http/settings";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { runDailyLoyalty } from "../loyalty/daily.js";
import { setLoyaltyRules } from "../loyalty/rules.js";
import { type CommitSaleInput, commitSale } from "../pos/sale.js";
import { type SaleFixture, seedSaleFixture } from "../pos/test-fixtures.js";
import { applyCloudGrant, applyRecallMessages } from "@mostrador/sync/download/allowance-apply";
import type { ChangeMessage, Row } from "@electric-sql/client";
import { applyCloudLimit } from "@mostrador/sync/download/credit-limit-apply";
import { allowanceHeld, handBack } from "./allowance.js";
import { accountsModule } from "./module.js";
import { setCreditLimit } from "./limits.js";
import { payAccount } from "./payments.js";
import { accountSummary } from "./summary.js";
import { insertCustomer, linkToCloud } from "./test-customers.js";

/** One store's appliance, linked to the cloud, with the customer the cloud sent down. */
interface Store {
  core: TestCore;
  terminal: Terminal;
  f: SaleFixture;
}

const CUSTOMER_CREATED = "2026-01-01T00:00:00.000Z";

function openStore(storeId: string, customerId: string): Store {
  const core = openTestCore();
  const terminal = createTerminal(core, { code: 1, name: "Caja 1" });
  const f = seedSaleFixture(core, terminal);
  linkToCloud(core, storeId);
  core.db
    .prepare(
      "INSERT INTO customers (id, name, name_key, born_at, created_at, updated_at) VALUES (?, 'Ana Pérez', 'ana perez', 'cloud', ?, ?)",
    )
    .run(customerId, CUSTOMER_CREATED, CUSTOMER_CREATED);
  setLoyaltyRules(core, f.manager, {
    enabled: true,
    spendPerPoint: 10_000_000, // earning out of the way: these tests are about spending
    pointValue: 100,
    minSaleTotal: 0,
    excludedCategories: [],
    expiryMonths: null,
    birthdayBonus: 0,
  });
  return { core, terminal, f };
}

/** A sale of $ 5.000,00 (two gaseosas) paid as given. */
function sell(s: Store, customerId: string, payments: CommitSaleInput["payments"]) {
  return commitSale(s.core, s.f.cashier, {
    id: newId(),
    lines: [{ productId: s.f.products.gaseosa.id, quantity: 2 }],
    payments,
    customerId,
  });
}

describe("allowances: two stores, both offline, never overdraw an account or redeem the same points", () => {
  const customerId = newId();
  let a: Store;
  let b: Store;
  beforeEach(() => {
    a = openStore(newId(), customerId);
    b = openStore(newId(), customerId);
  });
  afterEach(() => {
    a.core.close();
    b.core.close();
  });

  it("splits a credit limit into grants; each store sells on account only within its own, offline", () => {
    const limit = 1_000_000;
    for (const s of [a, b])
      applyCloudLimit(s.core, { customerId, creditLimit: limit, setAt: CUSTOMER_CREATED });
    // The cloud grants what each asks for out of what it has not granted yet.
    const toA = grantable(600_000, unallocatedCredit(limit, { heldByStore: [0, 0], cloudNet: 0 }));
    applyCloudGrant(a.core, { grantId: newId(), customerId, kind: "credit", amount: toA, expiresAt: null });
    const toB = grantable(600_000, unallocatedCredit(limit, { heldByStore: [toA, 0], cloudNet: 0 }));
    expect([toA, toB]).toEqual([600_000, 400_000]);
    applyCloudGrant(b.core, { grantId: newId(), customerId, kind: "credit", amount: toB, expiresAt: null });
    expect(unallocatedCredit(limit, { heldByStore: [toA, toB], cloudNet: 0 })).toBe(0);

    // Now both offline, selling to the same customer at the same time.
    sell(a, customerId, [{ method: "account", amount: 500_000 }]);
    expect(refusal(() => sell(a, customerId, [{ method: "account", amount: 500_000 }])).code).toBe(
      "over_credit_limit",
    );
    sell(a, customerId, [
      { method: "cash", amount: 400_000 },
      { method: "account", amount: 100_000 },
    ]);
    sell(b, customerId, [
      { method: "cash", amount: 100_000 },
      { method: "account", amount: 400_000 },
    ]);
    const err = refusal(() =>
      sell(b, customerId, [
        { method: "cash", amount: 499_999 },
        { method: "account", amount: 1 },
      ]),
    );
    expect(err.message).toBe(
      "Ana Pérez puede comprar en cuenta corriente hasta $ 0,00 en este local sin consultar a la nube; esta venta pide $ 0,01",
    );
    const debt = accountSummary(a.core, customerId).balance + accountSummary(b.core, customerId).balance;
    expect(debt).toBe(limit);

    // A payment at A frees credit at A only; the two together still never pass the limit.
    payAccount(a.core, a.f.cashier, customerId, { id: newId(), method: "cash", amount: 200_000 });
    expect(accountSummary(a.core, customerId).availableCredit).toBe(200_000);
    expect(accountSummary(b.core, customerId).availableCredit).toBe(0);
  });

  it("splits the points: each store redeems only what it was granted, offline", () => {
    // The customer's 100 points, handed back to the cloud by the store that earned them.
    const cloudNet = 100;
    const toA = grantable(60, unallocatedPoints({ heldByStore: [0, 0], cloudNet }));
    applyCloudGrant(a.core, { grantId: newId(), customerId, kind: "points", amount: toA, expiresAt: null });
    const toB = grantable(60, unallocatedPoints({ heldByStore: [toA, 0], cloudNet }));
    applyCloudGrant(b.core, { grantId: newId(), customerId, kind: "points", amount: toB, expiresAt: null });
    expect([toA, toB]).toEqual([60, 40]);

    sell(a, customerId, [
      { method: "cash", amount: 494_000 },
      { method: "points", amount: 6_000 },
    ]);
    sell(b, customerId, [
      { method: "cash", amount: 496_000 },
      { method: "points", amount: 4_000 },
    ]);
    for (const s of [a, b]) {
      expect(
        refusal(() =>
          sell(s, customerId, [
            { method: "cash", amount: 499_900 },
            { method: "points", amount: 100 },
          ]),
        ).code,
      ).toBe("not_enough_points");
    }
    const redeemed = -(accountSummary(a.core, customerId).points + accountSummary(b.core, customerId).points);
    expect(redeemed).toBe(cloudNet);
  });

  it("stops spending an expired grant and hands back what is left of it, once", () => {
    applyCloudLimit(a.core, { customerId, creditLimit: 1_000_000, setAt: CUSTOMER_CREATED });
    const grantId = newId();
    applyCloudGrant(a.core, {
      grantId,
      customerId,
      kind: "credit",
      amount: 300_000,
      expiresAt: "2026-06-01T00:00:00.000Z",
    });
    // The same grant sent down twice counts once.
    expect(
      applyCloudGrant(a.core, { grantId, customerId, kind: "credit", amount: 300_000, expiresAt: null }),
    ).toBe(false);
    a.core.clock.set("2026-05-31T00:00:00.000Z");
    sell(a, customerId, [
      { method: "cash", amount: 400_000 },
      { method: "account", amount: 100_000 },
    ]);
    a.core.clock.set("2026-06-01T00:00:01.000Z");
    expect(
      refusal(() =>
        sell(a, customerId, [
          { method: "cash", amount: 400_000 },
          { method: "account", amount: 100_000 },
        ]),
      ).code,
    ).toBe("over_credit_limit");
    // The refused sale wrote nothing (its transaction rolled back); the daily job hands the rest back, once.
    expect(runDailyLoyalty(a.core).grantsReturned).toBe(1);
    expect(runDailyLoyalty(a.core).grantsReturned).toBe(0);
    const returns = a.core.db
      .prepare("SELECT amount, returns_grant AS g FROM allowance_entries WHERE reason = 'return'")
      .all();
    expect(returns).toEqual([{ amount: -200_000, g: grantId }]);
    expect(allowanceHeld(a.core, customerId, "credit")).toBe(100_000);
    const op = a.core.db.prepare("SELECT payload FROM outbox WHERE entity = 'allowance_entry'").get() as {
      payload: string;
    };
    expect(JSON.parse(op.payload)).toMatchObject({
      amount: -200_000,
      reason: "return",
      returnsGrant: grantId,
    });
  });

  /** One recall as the allowance_recalls shape sends it (Postgres text values, as Electric does). */
  const recall = (id: string, kind: string, amount: number): ChangeMessage<Row> => ({
    key: `"public"."allowance_recalls"/"${id}"`,
    value: { id, customer_id: customerId, kind, amount: String(amount), store_id: "s" },
    headers: { operation: "insert" },
  });

  it("answers the owner's recall once, with what it has not lent; the answer is uploaded naming the recall", async () => {
    applyCloudGrant(a.core, {
      grantId: newId(),
      customerId,
      kind: "credit",
      amount: 800_000,
      expiresAt: null,
    });
    sell(a, customerId, [{ method: "account", amount: 500_000 }]);
    // The accounts module as the appliance starts it: the download's account.changed reaches it.
    const running = await accountsModule.start!({ ctx: a.core, api: undefined as never, log: () => {} });
    try {
      const first = newId();
      const applied = a.core.db.transaction(() =>
        applyRecallMessages(a.core, [recall(first, "credit", 600_000)]),
      )();
      expect(applied).toEqual([customerId]);
      a.core.bus.emit("account.changed", { customerId });
      // Recalled 600.000, lent 500.000 of 800.000: it hands back the 300.000 it had not lent, never more.
      expect(allowanceHeld(a.core, customerId, "credit")).toBe(500_000);
      expect(accountSummary(a.core, customerId).availableCredit).toBe(0);
      // The same recall again (a re-read snapshot) is recorded and answered once.
      expect(
        a.core.db.transaction(() => applyRecallMessages(a.core, [recall(first, "credit", 600_000)]))(),
      ).toEqual([]);
      a.core.bus.emit("account.changed", { customerId });
      // A second recall with nothing left unspent is answered with 0 (it marks the recall answered).
      const second = newId();
      a.core.db.transaction(() => applyRecallMessages(a.core, [recall(second, "credit", 100_000)]))();
      expect(runDailyLoyalty(a.core)).toBeDefined();
      const answers = a.core.db
        .prepare(
          "SELECT amount, answers_recall AS r FROM allowance_entries WHERE reason = 'return' ORDER BY id",
        )
        .all();
      expect(answers).toEqual([
        { amount: -300_000, r: first },
        { amount: 0, r: second },
      ]);
      const ops = a.core.db
        .prepare("SELECT payload FROM outbox WHERE entity = 'allowance_entry' ORDER BY seq")
        .all() as { payload: string }[];
      expect(ops.map((o) => JSON.parse(o.payload) as unknown)).toMatchObject([
        { amount: -300_000, reason: "return", answersRecall: first },
        { amount: 0, reason: "return", answersRecall: second },
      ]);
    } finally {
      await running?.stop();
    }
  });

  it("skips a recall that is not one (bad amount or kind) or of a customer not here yet", () => {
    const applied = a.core.db.transaction(() =>
      applyRecallMessages(a.core, [
        recall(newId(), "credit", 0),
        recall(newId(), "credit", -5),
        recall(newId(), "cash", 10),
        {
          ...recall(newId(), "credit", 10),
          value: { ...recall(newId(), "credit", 10).value, customer_id: newId() },
        },
      ]),
    )();
    expect(applied).toEqual([]);
    expect(a.core.db.prepare("SELECT COUNT(*) AS n FROM allowance_recalls").get()).toEqual({ n: 0 });
  });

  it("hands back what a store could spend, so the cloud can grant it to another store", () => {
    applyCloudGrant(a.core, { grantId: newId(), customerId, kind: "points", amount: 80, expiresAt: null });
    expect(handBack(a.core, customerId, "points")).toBe(80);
    expect(accountSummary(a.core, customerId).availablePoints).toBe(0);
    // The cloud saw A hold 80 then −80: all 80 are unallocated again.
    expect(unallocatedPoints({ heldByStore: [0], cloudNet: 80 })).toBe(80);
  });

  it("a linked store may not set the limit of a customer born elsewhere; it may for one born here", () => {
    const err = refusal(() => setCreditLimit(a.core, a.f.manager, customerId, 500_000));
    expect(err).toMatchObject({ kind: "conflict", code: "limit_owned_by_cloud" });
    const storeId = (a.core.db.prepare("SELECT store_id AS s FROM sync_credentials").get() as { s: string })
      .s;
    const local = insertCustomer(a.core, { name: "Beto", bornAt: storeId });
    // Born here: this store holds the whole allowance (its limit) until the cloud grants it otherwise.
    expect(setCreditLimit(a.core, a.f.manager, local.id, 500_000)).toMatchObject({
      availableCredit: 500_000,
      linked: true,
    });
    applyCloudGrant(a.core, {
      grantId: newId(),
      customerId: local.id,
      kind: "credit",
      amount: 1,
      expiresAt: null,
    });
    expect(refusal(() => setCreditLimit(a.core, a.f.manager, local.id, 600_000)).code).toBe(
      "limit_owned_by_cloud",
    );
  });
});
