import type { AccountSummary } from "@mostrador/contracts/http/accounts";
import { describe, expect, it } from "vitest";
import { offeredMethods } from "./use-customer-funds.js";

const ALL = ["cash", "account", "points"] as const;
const funds = (over: Partial<AccountSummary>): AccountSummary => ({
  customerId: "c1",
  customerName: "Ana",
  creditLimit: null,
  balance: 0,
  availableCredit: 0,
  points: 0,
  availablePoints: 0,
  availablePointsValue: 0,
  linked: false,
  pointValue: 100,
  ...over,
});

describe("the payment methods offered for the ticket's customer", () => {
  it("points only when the store holds some, or is linked and may ask the cloud for them", () => {
    expect(offeredMethods(ALL, funds({}))).toEqual(["cash"]);
    expect(offeredMethods(ALL, funds({ availablePoints: 5, availablePointsValue: 500 }))).toEqual([
      "cash",
      "points",
    ]);
    expect(offeredMethods(ALL, funds({ linked: true }))).toEqual(["cash", "points"]);
    // Loyalty off: nothing to ask for.
    expect(offeredMethods(ALL, funds({ linked: true, pointValue: 0 }))).toEqual(["cash"]);
  });

  it("the account when the customer has a limit or the store holds credit", () => {
    expect(offeredMethods(ALL, funds({ creditLimit: 0 }))).toEqual(["cash", "account"]);
    expect(offeredMethods(ALL, funds({ availableCredit: 100 }))).toEqual(["cash", "account"]);
    expect(offeredMethods(ALL, null)).toEqual(["cash"]);
  });
});
