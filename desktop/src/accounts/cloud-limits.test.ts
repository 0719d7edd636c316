import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { applyCloudGrant } from "@mostrador/sync/download/allowance-apply";
import { applyCloudLimit } from "@mostrador/sync/download/credit-limit-apply";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { runDailyLoyalty } from "../loyalty/daily.js";
import { commitSale } from "../pos/sale.js";
import { type SaleFixture, seedSaleFixture } from "../pos/test-fixtures.js";
import { allowanceHeld, trimToLimit } from "./allowance.js";
import { setCreditLimit } from "./limits.js";
import { accountSummary } from "./summary.js";
import { insertCustomer, ledgerCounts, linkToCloud } from "./test-customers.js";

/** A cloud clock at `iso` (the dashboard's writes carry the node "cloud"). */
const cloudClock = (iso: string, counter = 0) =>
  `${String(Date.parse(iso)).padStart(15, "0")}-${String(counter).padStart(5, "0")}-cloud`;

describe("credit limits the owner sets in the dashboard, at a linked store", () => {
  let core: TestCore;
  let f: SaleFixture;
  let ana: string;
  beforeEach(() => {
    core = openTestCore();
    f = seedSaleFixture(core, createTerminal(core, { code: 1, name: "Caja 1" }));
    const storeId = newId();
    linkToCloud(core, storeId);
    // Born here: this store holds her whole limit, set by a manager at the till.
    ana = insertCustomer(core, { name: "Ana Pérez", bornAt: storeId }).id;
    setCreditLimit(core, f.manager, ana, 1_000_000);
    onAccount(300_000);
  });
  afterEach(() => core.close());

  /** A $ 5.000,00 sale, `account` of it on Ana's account and the rest in cash. */
  const onAccount = (account: number) =>
    commitSale(core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
      payments: [
        ...(account < 500_000 ? [{ method: "cash" as const, amount: 500_000 - account }] : []),
        { method: "account" as const, amount: account },
      ],
      customerId: ana,
    });
  /** What the accounts module runs when a limit arrives (in its own transaction). */
  const trim = () => core.db.transaction(() => trimToLimit(core, ana)).immediate();
  const limitEntries = () =>
    (
      core.db.prepare("SELECT payload FROM outbox WHERE entity = 'allowance_entry' ORDER BY rowid").all() as {
        payload: string;
      }[]
    ).map((r) => JSON.parse(r.payload) as { amount: number; reason: string });

  it("keeps the later of the manager's and the owner's limit by clock; the till's Cuentas shows it", () => {
    // The manager's write was stamped just now by the appliance's clock: an older dashboard write loses.
    expect(
      applyCloudLimit(core, {
        customerId: ana,
        creditLimit: 50_000,
        setAt: "2020-01-01T00:00:00.000Z",
        hlc: cloudClock("2020-01-01T00:00:00.000Z"),
      }),
    ).toBe(false);
    expect(accountSummary(core, ana).creditLimit).toBe(1_000_000);
    // A later one wins, and the same one twice is a no-op.
    const later = cloudClock("2030-01-01T00:00:00.000Z");
    expect(
      applyCloudLimit(core, {
        customerId: ana,
        creditLimit: 1_500_000,
        setAt: "2030-01-01T00:00:00.000Z",
        hlc: later,
      }),
    ).toBe(true);
    expect(
      applyCloudLimit(core, {
        customerId: ana,
        creditLimit: 1_500_000,
        setAt: "2030-01-01T00:00:00.000Z",
        hlc: later,
      }),
    ).toBe(false);
    // A raise changes what the store holds nothing: it asks the cloud for more (the cloud may now grant it).
    expect(trim()).toBe(0);
    expect(accountSummary(core, ana)).toMatchObject({
      creditLimit: 1_500_000,
      balance: 300_000,
      availableCredit: 700_000,
    });
  });

  it("a lowered limit hands back only what the store has not lent: it never spends more than it holds", () => {
    applyCloudLimit(core, {
      customerId: ana,
      creditLimit: 400_000,
      setAt: "2030-01-01T00:00:00.000Z",
      hlc: cloudClock("2030-01-01T00:00:00.000Z"),
    });
    // Held 1.000.000, lent 300.000: the 600.000 above the new limit go back to the cloud (uploaded).
    expect(trim()).toBe(1);
    expect(allowanceHeld(core, ana, "credit")).toBe(400_000);
    expect(limitEntries().at(-1)).toMatchObject({ amount: -600_000, reason: "limit" });
    expect(accountSummary(core, ana)).toMatchObject({ creditLimit: 400_000, availableCredit: 100_000 });
    onAccount(100_000);

    // Lowered below the debt (400.000 lent): nothing is left to hand back, and nothing more is lent.
    applyCloudLimit(core, {
      customerId: ana,
      creditLimit: 100_000,
      setAt: "2030-01-02T00:00:00.000Z",
      hlc: cloudClock("2030-01-02T00:00:00.000Z"),
    });
    const before = ledgerCounts(core);
    expect(refusal(() => onAccount(1)).code).toBe("over_credit_limit");
    expect(ledgerCounts(core)).toEqual(before);
    expect(runDailyLoyalty(core)).toBeDefined();
    expect(allowanceHeld(core, ana, "credit")).toBe(400_000);
    expect(accountSummary(core, ana)).toMatchObject({
      creditLimit: 100_000,
      balance: 400_000,
      availableCredit: 0,
    });
  });

  it("honours a lowered limit before lending even if its hand-back has not run yet", () => {
    applyCloudLimit(core, {
      customerId: ana,
      creditLimit: 400_000,
      setAt: "2030-01-01T00:00:00.000Z",
      hlc: cloudClock("2030-01-01T00:00:00.000Z"),
    });
    // No trim yet (as if the appliance stopped right after the download): the charge path trims first.
    expect(refusal(() => onAccount(200_000)).code).toBe("over_credit_limit");
    onAccount(100_000);
    expect(allowanceHeld(core, ana, "credit")).toBe(400_000);
  });

  it("a manager's later limit at the birth store follows what the store holds", () => {
    applyCloudLimit(core, {
      customerId: ana,
      creditLimit: 100_000,
      setAt: "2020-01-01T00:00:00.000Z",
      hlc: "000000000000001-00000-cloud",
    });
    trim(); // holds 300.000: all lent
    expect(setCreditLimit(core, f.manager, ana, 500_000)).toMatchObject({
      creditLimit: 500_000,
      availableCredit: 200_000,
    });
    expect(allowanceHeld(core, ana, "credit")).toBe(500_000);
  });

  it("a grant that comes down before any limit is kept: no limit heard of yet is not a limit of zero", () => {
    const bruno = insertCustomer(core, { name: "Bruno Díaz", bornAt: "cloud" }).id;
    applyCloudGrant(core, {
      grantId: newId(),
      customerId: bruno,
      kind: "credit",
      amount: 300_000,
      expiresAt: null,
    });
    commitSale(core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
      payments: [
        { method: "cash", amount: 200_000 },
        { method: "account", amount: 300_000 },
      ],
      customerId: bruno,
    });
    expect(allowanceHeld(core, bruno, "credit")).toBe(300_000);
  });

  it("ignores a bad limit or an unknown customer from the shape, changing nothing", () => {
    const before = ledgerCounts(core);
    const at = "2030-01-01T00:00:00.000Z";
    expect(applyCloudLimit(core, { customerId: ana, creditLimit: -1, setAt: at, hlc: cloudClock(at) })).toBe(
      false,
    );
    expect(applyCloudLimit(core, { customerId: ana, creditLimit: 1.5, setAt: at, hlc: cloudClock(at) })).toBe(
      false,
    );
    expect(
      applyCloudLimit(core, { customerId: newId(), creditLimit: 1, setAt: at, hlc: cloudClock(at) }),
    ).toBe(false);
    expect(ledgerCounts(core)).toEqual(before);
    expect(accountSummary(core, ana).creditLimit).toBe(1_000_000);
  });
});
