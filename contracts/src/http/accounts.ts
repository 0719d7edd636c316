import { Type, type Static } from "@sinclair/typebox";
import { MAX_AMOUNT } from "../limits.js";
import { Closed, Instant, Int, Nullable, RowId } from "./fields.js";

/**
 * Customer accounts (cuenta corriente / fiado) and loyalty points (desktop/src/accounts/routes.ts,
 * desktop/src/loyalty/routes.ts): what the till sends and gets back.
 */

const ClientId = Type.String({
  minLength: 36,
  maxLength: 36,
  pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
});
const Amount = Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, measure: "money" });
const Note = Type.String({ minLength: 1, maxLength: 200 });

/**
 * The methods an account payment may come in: money, never the account itself or points. "mercadopago"
 * names, as its reference, the charge MP confirmed for it (desktop/src/mercadopago/account-payments.ts).
 */
export const ACCOUNT_PAYMENT_METHODS = ["cash", "debit", "credit", "transfer", "mercadopago"] as const;
export type AccountPaymentMethod = (typeof ACCOUNT_PAYMENT_METHODS)[number];

export const CustomerParams = Type.Object({ customerId: RowId }, Closed);

// ── answers ──────────────────────────────────────────────────────────────────────────────────────────

/** A customer's account and points as this store sees them. */
export const AccountSummarySchema = Type.Object({
  customerId: Type.String(),
  customerName: Type.String(),
  /** Null: the customer has no account (cannot buy on account). */
  creditLimit: Nullable(Int),
  /** What the customer owes (this store's ledger; the whole ledger when not linked to a cloud). */
  balance: Int,
  /** What this store may still charge on its own: its allowance minus what it charged. */
  availableCredit: Int,
  points: Int,
  /** Points this store may redeem on its own. */
  availablePoints: Int,
  /** What the available points pay, centavos, at the shop's rate (0 when loyalty is off). */
  availablePointsValue: Int,
  /** Whether a cloud owns the balances (false: this appliance is the whole shop). */
  linked: Type.Boolean(),
  /**
   * What one point pays, centavos (0: loyalty off). Lets the till offer points a linked store does not
   * hold yet: it asks the cloud for them (desktop/src/allowances).
   */
  pointValue: Type.Optional(Int),
});
export type AccountSummary = Static<typeof AccountSummarySchema>;

export const AccountEntrySchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([
    Type.Literal("charge"),
    Type.Literal("payment"),
    Type.Literal("return_credit"),
    Type.Literal("void_credit"),
    Type.Literal("adjustment"),
  ]),
  amount: Int,
  /** The balance after this entry. */
  runningBalance: Int,
  saleId: Nullable(Type.String()),
  saleNumber: Nullable(Type.String()),
  returnId: Nullable(Type.String()),
  method: Nullable(Type.String()),
  staffName: Nullable(Type.String()),
  note: Nullable(Type.String()),
  createdAt: Instant,
});
export type AccountEntry = Static<typeof AccountEntrySchema>;

export const StatementSchema = Type.Object({
  account: AccountSummarySchema,
  /** Oldest first, each with the balance after it. */
  entries: Type.Array(AccountEntrySchema),
});
export type Statement = Static<typeof StatementSchema>;

export const DebtorSchema = Type.Object({
  customerId: Type.String(),
  customerName: Type.String(),
  creditLimit: Nullable(Int),
  balance: Int,
  /** The oldest charge not yet covered by payments and credits (first in, first out). */
  oldestUnpaidAt: Nullable(Instant),
  /** Whole days since then (the age of the debt). */
  ageDays: Nullable(Int),
});
export type Debtor = Static<typeof DebtorSchema>;
export const DebtorsSchema = Type.Object({ debtors: Type.Array(DebtorSchema), total: Int });
export type Debtors = Static<typeof DebtorsSchema>;

// ── requests ─────────────────────────────────────────────────────────────────────────────────────────

/** PUT /api/accounts/:customerId/limit (accounts.manage): null closes the account to new charges. */
export const CreditLimitBody = Type.Object(
  {
    creditLimit: Type.Union([
      Type.Null(),
      Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, measure: "money" }),
    ]),
  },
  Closed,
);
export type CreditLimitInput = Static<typeof CreditLimitBody>;

/** POST /api/accounts/:customerId/payments: the customer pays (part of) the debt. Not a sale. */
export const AccountPaymentBody = Type.Object(
  {
    /** UUIDv7 made by the till: resending it returns the same payment. */
    id: ClientId,
    method: Type.Union([
      Type.Literal("cash"),
      Type.Literal("debit"),
      Type.Literal("credit"),
      Type.Literal("transfer"),
      Type.Literal("mercadopago"),
    ]),
    amount: Amount,
    /** Cash only: what the customer handed over (change = tendered − amount). */
    tendered: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, measure: "money" })),
    /** A transfer's or card's note; for "mercadopago", the confirmed charge's id (required). */
    reference: Type.Optional(Type.String({ maxLength: 80 })),
  },
  Closed,
);
export type AccountPaymentInput = Static<typeof AccountPaymentBody>;

export const AccountPaymentAnswer = Type.Object({
  entryId: Type.String(),
  amount: Int,
  change: Int,
  method: Type.String(),
  account: AccountSummarySchema,
  createdAt: Instant,
});
export type AccountPayment = Static<typeof AccountPaymentAnswer>;

/** POST /api/accounts/:customerId/adjustments (accounts.manage): + the customer owes more, − less. Audited. */
export const AccountAdjustmentBody = Type.Object(
  {
    amount: Type.Integer({ minimum: -MAX_AMOUNT, maximum: MAX_AMOUNT, measure: "money" }),
    note: Note,
  },
  Closed,
);
export type AccountAdjustmentInput = Static<typeof AccountAdjustmentBody>;

// ── loyalty ──────────────────────────────────────────────────────────────────────────────────────────

/** The shop's loyalty rules (Ajustes). */
export const LoyaltyRulesSchema = Type.Object(
  {
    enabled: Type.Boolean(),
    /** One point for every this many centavos spent. */
    spendPerPoint: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, measure: "money" }),
    /** What one point pays, centavos. */
    pointValue: Type.Integer({ minimum: 1, maximum: 100_000_000, measure: "money" }),
    /** A sale below this total earns nothing. */
    minSaleTotal: Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, measure: "money" }),
    excludedCategories: Type.Array(RowId, { maxItems: 500 }),
    /** Points expire this many months after they were earned; null: never. */
    expiryMonths: Type.Union([Type.Null(), Type.Integer({ minimum: 1, maximum: 120 })]),
    /** Points given on the customer's birthday, once a year; 0: none. */
    birthdayBonus: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  },
  Closed,
);
export type LoyaltyRules = Static<typeof LoyaltyRulesSchema>;

export const LoyaltyEntrySchema = Type.Object({
  id: Type.String(),
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
  points: Int,
  runningBalance: Int,
  saleId: Nullable(Type.String()),
  expiresAt: Nullable(Instant),
  note: Nullable(Type.String()),
  createdAt: Instant,
});
export type LoyaltyEntry = Static<typeof LoyaltyEntrySchema>;
export const PointsStatementSchema = Type.Object({
  account: AccountSummarySchema,
  entries: Type.Array(LoyaltyEntrySchema),
});
export type PointsStatement = Static<typeof PointsStatementSchema>;

/** POST /api/loyalty/:customerId/adjustments (accounts.manage). Audited. */
export const PointsAdjustmentBody = Type.Object(
  { points: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 }), note: Note },
  Closed,
);
export type PointsAdjustmentInput = Static<typeof PointsAdjustmentBody>;

/** POST /api/loyalty/daily (accounts.manage): what the daily job did (it also runs on its own). */
export const DailyLoyaltyAnswer = Type.Object({
  expiredEntries: Int,
  birthdayBonuses: Int,
  grantsReturned: Int,
});
export type DailyLoyalty = Static<typeof DailyLoyaltyAnswer>;

/** POST /api/accounts/:customerId/hand-back (accounts.manage): give the cloud back what this store holds. */
export const HandBackBody = Type.Object(
  { kind: Type.Union([Type.Literal("credit"), Type.Literal("points")]) },
  Closed,
);
export const HandBackAnswer = Type.Object({ handedBack: Int, account: AccountSummarySchema });

// ── asking the cloud for more (desktop/src/allowances) ───────────────────────────────

/**
 * POST /api/allowances/:customerId/ask (desktop/src/allowances): this store asks the cloud for more of the customer's credit
 * (centavos) or points. `cover`: the sale needs `amount` in all, so ask only for what the store lacks
 * (any staff: it is what the sale needs); `cover_money` (points only): the sale pays `amount` centavos
 * in points, at the shop's rate; `more`: ask for `amount` more (Cuentas, accounts.manage).
 */
export const AskCloudBody = Type.Object(
  {
    kind: Type.Union([Type.Literal("credit"), Type.Literal("points")]),
    amount: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT }),
    mode: Type.Union([Type.Literal("cover"), Type.Literal("cover_money"), Type.Literal("more")]),
  },
  Closed,
);
export type AskCloudInput = Static<typeof AskCloudBody>;

/**
 * What came of it: `enough` (nothing asked: the store already holds it), `granted` (all asked),
 * `partial` / `refused` (the cloud had less / nothing unassigned), `offline` (no answer within a few
 * seconds: sell within what the store holds), `not_linked` (a single shop: the limit is set here).
 * `account` is what the store may spend now; `message` the cloud's own reason when it refused with one.
 */
export const AskCloudAnswer = Type.Object({
  outcome: Type.Union([
    Type.Literal("enough"),
    Type.Literal("granted"),
    Type.Literal("partial"),
    Type.Literal("refused"),
    Type.Literal("offline"),
    Type.Literal("not_linked"),
  ]),
  asked: Int,
  granted: Int,
  message: Nullable(Type.String()),
  account: AccountSummarySchema,
});
export type AskCloud = Static<typeof AskCloudAnswer>;
