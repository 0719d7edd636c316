import { Type, type Static } from "@sinclair/typebox";
import { MAX_AMOUNT } from "../limits.js";
import { Closed, Instant, Int, Nullable, RowId } from "./fields.js";

/**
 * The cloud's accounts and loyalty (cloud/src/accounts/routes.ts): an appliance asking for more of a
 * customer's credit or points (an allowance grant, docs/ownership.md), and the owner's view of balances.
 */

/** POST /v1/allowances (appliance): this store asks to be able to spend `amount` more. */
export const AllowanceRequestBody = Type.Object(
  {
    customerId: RowId,
    kind: Type.Union([Type.Literal("credit"), Type.Literal("points")]),
    amount: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT }),
  },
  Closed,
);
export type AllowanceRequest = Static<typeof AllowanceRequestBody>;

/** What the cloud granted (0: nothing unallocated: ask again later); it arrives by the store's shape too. */
export const AllowanceGrantAnswer = Type.Object({
  grantId: Nullable(Type.String()),
  amount: Int,
  expiresAt: Nullable(Instant),
  /** What is still unallocated after this grant. */
  unallocated: Int,
});
export type AllowanceGrant = Static<typeof AllowanceGrantAnswer>;

/**
 * GET /v1/dashboard/accounts: every customer with a balance or points, across the tenant's stores. One
 * row per person: a record merged into another counts under its survivor (`customerId`).
 */
export const CloudBalanceRowSchema = Type.Object({
  customerId: Type.String(),
  /** From the cloud's customers; null: erased on request (shown anonymous) or not uploaded yet. */
  name: Nullable(Type.String()),
  erased: Type.Boolean(),
  /** The records merged into this one (their ledgers are counted here). */
  mergedIds: Type.Array(Type.String()),
  creditLimit: Nullable(Int),
  balance: Int,
  points: Int,
  /** What the stores hold of the credit (their allowances), per store id. */
  creditHeld: Type.Record(Type.String(), Int),
  pointsHeld: Type.Record(Type.String(), Int),
});
export const CloudBalancesAnswer = Type.Object({ customers: Type.Array(CloudBalanceRowSchema) });
export type CloudBalances = Static<typeof CloudBalancesAnswer>;

/** PUT /v1/dashboard/accounts/:id/credit-limit (the owner): the customer's limit for every store; null: no account. */
export const CreditLimitBody = Type.Object(
  { creditLimit: Nullable(Type.Integer({ minimum: 0, maximum: MAX_AMOUNT })) },
  Closed,
);
export type CreditLimitRequest = Static<typeof CreditLimitBody>;
