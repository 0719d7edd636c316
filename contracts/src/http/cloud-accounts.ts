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

// ── the owner moves allowances between stores (docs/ownership.md) ───────────────────────────────────

const AllowanceKind = Type.Union([Type.Literal("credit"), Type.Literal("points")]);
const StoreRef = Type.String({ minLength: 36, maxLength: 36 });

/**
 * POST /v1/dashboard/accounts/:id/grants (the owner): give a store `amount` of the customer's credit
 * (centavos) or points it may spend offline. At most what no store holds (else refused, nothing changes).
 */
export const OwnerGrantBody = Type.Object(
  { storeId: StoreRef, kind: AllowanceKind, amount: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT }) },
  Closed,
);
export type OwnerGrantRequest = Static<typeof OwnerGrantBody>;

/**
 * POST /v1/dashboard/accounts/:id/recalls (the owner): ask a store to hand back up to `amount` of what it
 * holds. The store answers with what it has NOT spent of it (a 'return' entry uploaded); until then the
 * cloud counts it as the store's, so nothing is ever spent twice.
 */
export const OwnerRecallBody = OwnerGrantBody;
export type OwnerRecallRequest = Static<typeof OwnerRecallBody>;

/** One store's part of a customer's credit or points, as the cloud knows it from the store's uploads. */
export const StoreHoldingSchema = Type.Object({
  storeId: Type.String(),
  storeName: Type.String(),
  /** What the store holds (its grants, its 'limit' entries, minus what it handed back). */
  held: Int,
  /** Recalls the store has not answered yet (it still holds them). */
  recallPending: Int,
});
export type StoreHolding = Static<typeof StoreHoldingSchema>;

export const KindHoldingsSchema = Type.Object({
  /** What no store holds: what the owner (or a store that asks) may grant. */
  unallocated: Int,
  /** Every store of the tenant, those that hold nothing too. */
  stores: Type.Array(StoreHoldingSchema),
});

/** GET /v1/dashboard/accounts/:id/holdings, and the answer of a grant or a recall. */
export const CustomerHoldingsAnswer = Type.Object({
  customerId: Type.String(),
  creditLimit: Nullable(Int),
  credit: KindHoldingsSchema,
  points: KindHoldingsSchema,
});
export type CustomerHoldings = Static<typeof CustomerHoldingsAnswer>;
