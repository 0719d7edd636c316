import { Type } from "@sinclair/typebox";
import { Id, Money, Nullable, Open, Text, Time } from "./fields.js";
import { Hlc } from "./catalog.js";

/**
 * The customer-account and loyalty ledgers and the allowances a store spends them within
 * (docs/ownership.md, desktop/src/accounts/README.md). Every entry is born once, at the store that wrote
 * it, and never changes: the cloud appends it to the tenant's ledger (balances are sums).
 */

const Points = Type.Integer({ minimum: -1_000_000_000, maximum: 1_000_000_000 });

/** account_entry/created: a charge (sale on account), payment, credit of a return or void, adjustment. */
export const AccountEntryPayload = Type.Object(
  {
    id: Id,
    customerId: Id,
    kind: Type.Union([
      Type.Literal("charge"),
      Type.Literal("payment"),
      Type.Literal("return_credit"),
      Type.Literal("void_credit"),
      Type.Literal("adjustment"),
    ]),
    /** > 0 the customer owes more, < 0 less. */
    amount: Money,
    saleId: Nullable(Id),
    returnId: Nullable(Id),
    method: Nullable(Text(20)),
    cashSessionId: Nullable(Id),
    staffId: Nullable(Id),
    note: Nullable(Text(500)),
    createdAt: Time,
  },
  Open,
);

/** loyalty_entry/created: points earned, redeemed, taken or given back, expired, a bonus, an adjustment. */
export const LoyaltyEntryPayload = Type.Object(
  {
    id: Id,
    customerId: Id,
    kind: Type.Union([
      Type.Literal("earn"),
      Type.Literal("redeem"),
      Type.Literal("return_earn"),
      Type.Literal("return_redeem"),
      Type.Literal("void"),
      Type.Literal("expire"),
      Type.Literal("birthday"),
      Type.Literal("adjustment"),
    ]),
    points: Points,
    amount: Nullable(Money),
    saleId: Nullable(Id),
    returnId: Nullable(Id),
    expiresAt: Nullable(Time),
    ref: Nullable(Text(80)),
    staffId: Nullable(Id),
    note: Nullable(Text(500)),
    createdAt: Time,
  },
  Open,
);

/**
 * allowance_entry/created: what this store holds of a customer's credit (centavos) or points changed on
 * the store's side: the limit set here while the store holds the whole allowance ('limit'), or handed
 * back ('return', of an expired grant or an idle customer). Grants come DOWN from the cloud (its shape),
 * they are not uploaded.
 */
export const AllowanceEntryPayload = Type.Object(
  {
    id: Id,
    customerId: Id,
    kind: Type.Union([Type.Literal("credit"), Type.Literal("points")]),
    amount: Money,
    reason: Type.Union([Type.Literal("limit"), Type.Literal("return")]),
    returnsGrant: Nullable(Id),
    createdAt: Time,
    /** The owner's recall (dashboard) this hand-back answers: what the store had not spent of it. */
    answersRecall: Type.Optional(Nullable(Id)),
  },
  Open,
);

/**
 * customer_credit_limit/updated: a manager set a customer's credit limit at the store (null: no account).
 * `hlc`: the write's hybrid logical clock (older appliances send none: their setAt stands for it); the
 * cloud keeps the later clock, whether the limit was set at a till or in the dashboard.
 */
export const CreditLimitPayload = Type.Object(
  {
    customerId: Id,
    creditLimit: Nullable(Money),
    setBy: Nullable(Id),
    setAt: Time,
    hlc: Type.Optional(Hlc),
  },
  Open,
);
