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

/** GET /v1/dashboard/accounts: every customer with a balance or points, across the tenant's stores. */
export const CloudBalancesAnswer = Type.Object({
  customers: Type.Array(
    Type.Object({
      customerId: Type.String(),
      /** The customer's name as the cloud knows it; null before their record arrives, or once erased. */
      customerName: Nullable(Type.String()),
      creditLimit: Nullable(Int),
      balance: Int,
      points: Int,
      /** What the stores hold of the credit (their allowances), per store id. */
      creditHeld: Type.Record(Type.String(), Int),
      pointsHeld: Type.Record(Type.String(), Int),
    }),
  ),
});
export type CloudBalances = Static<typeof CloudBalancesAnswer>;
