import { Type, type Static } from "@sinclair/typebox";
import { MAX_AMOUNT } from "../limits.js";
import { CARD_ENTRY_KINDS, CARD_STATUSES } from "../sync/cards.js";
import { ApprovalSchema } from "./sales.js";
import { Closed, Instant, Int, Nullable, RowId } from "./fields.js";

/**
 * Prepaid cards and wristbands (desktop/src/cards/routes.ts): what the cash desk, the bar screen and the
 * till send and get back. The server answers only from its ledger: a tablet that cannot reach it refuses
 * instead of guessing. Paying a sale with a card is the normal sale route (POST /api/sales) with a
 * payment of method "card" and the sale's `cardId` (contracts/src/http/sales.ts).
 */

// ── fields ───────────────────────────────────────────────────────────────────────────────────────────

/** Every card operation carries the client's UUIDv7: a retry with the same id is applied once. */
export const RequestId = Type.String({
  minLength: 36,
  maxLength: 36,
  pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
});

/**
 * A UID as a reader or a person typed it: hex with optional spaces, colons or dashes between bytes, or
 * the decimal a keyboard-wedge reader types. The server normalises it (desktop/src/cards/uid.ts) to
 * upper-case hex and refuses garbage with a clear error; the schema only bounds its length.
 */
export const UidInput = Type.String({ minLength: 1, maxLength: 64 });
export const CARD_UID_MAX = 64;
/** A printed number or QR on the card, as shown. */
export const PrintedNumber = Type.String({ minLength: 1, maxLength: 40 });
const Amount = Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, measure: "money" });
const Note = Type.String({ minLength: 1, maxLength: 200 });

/** How money comes into a card (a top-up, the deposit) or goes out of it (a cash-out: cash only). */
export const CARD_MONEY_METHODS = ["cash", "debit", "credit", "transfer"] as const;
export type CardMoneyMethod = (typeof CARD_MONEY_METHODS)[number];
export const CardMoneyMethodSchema = Type.Union([
  Type.Literal("cash"),
  Type.Literal("debit"),
  Type.Literal("credit"),
  Type.Literal("transfer"),
]);

/**
 * How a top-up may be paid: the card money methods, and Mercado Pago (dynamic QR or Point), recorded only
 * against a charge MP confirmed of exactly that amount, named in the top-up's `reference` (its id).
 */
export const CARD_TOPUP_METHODS = [...CARD_MONEY_METHODS, "mercadopago"] as const;
export type CardTopUpMethod = (typeof CARD_TOPUP_METHODS)[number];
export const CardTopUpMethodSchema = Type.Union([
  ...CardMoneyMethodSchema.anyOf,
  Type.Literal("mercadopago"),
]);

export const CardStatusSchema = Type.Union([
  Type.Literal("active"),
  Type.Literal("blocked"),
  Type.Literal("replaced"),
  Type.Literal("expired"),
]);
export type CardStatus = (typeof CARD_STATUSES)[number];

export const CardEntryKindSchema = Type.Union([
  Type.Literal("topup"),
  Type.Literal("charge"),
  Type.Literal("refund"),
  Type.Literal("cashout"),
  Type.Literal("void_topup"),
  Type.Literal("transfer_out"),
  Type.Literal("transfer_in"),
  Type.Literal("expire"),
]);
export type CardEntryKind = (typeof CARD_ENTRY_KINDS)[number];

export const CardParams = Type.Object({ cardId: RowId }, Closed);
export const CardUidParams = Type.Object({ uid: UidInput }, Closed);

/**
 * A QR printed on a card or wristband holds its printed number, alone or as `mostrador:card:<number>`; a
 * barcode scanner types it into the card field like a wedge reader (desktop/src/cards/README.md).
 */
export const CARD_QR_PREFIX = "mostrador:card:";
/** The printed number a scanned `mostrador:card:<number>` QR names, or null when the text is not one. */
export function printedNumberInQr(text: string): string | null {
  const trimmed = text.trim();
  return trimmed.toLowerCase().startsWith(CARD_QR_PREFIX)
    ? trimmed.slice(CARD_QR_PREFIX.length).trim()
    : null;
}
/** GET /api/cards/by-number/:number: the printed number, or a scanned `mostrador:card:<number>`. */
export const CardNumberParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 64 }) }, Closed);
export const CardEntryParams = Type.Object({ entryId: RowId }, Closed);

// ── answers ──────────────────────────────────────────────────────────────────────────────────────────

/** A card as the cash desk and the bar see it: its balance is the sum of its ledger, read now. */
export const CardViewSchema = Type.Object(
  {
    id: Type.String(),
    /** Normalised upper-case hex. */
    uid: Type.String(),
    printedNumber: Nullable(Type.String()),
    status: CardStatusSchema,
    /** Centavos: the sum of the card's ledger. Never below zero. */
    balance: Int,
    customer: Nullable(Type.Object({ id: Type.String(), name: Type.String() }, Closed)),
    /** The wristband's price charged at issue, and whether a cash-out gives it back. */
    deposit: Int,
    depositRefundable: Type.Boolean(),
    /** When the deposit went back (cash-out); null while the card holds it. */
    depositReturnedAt: Nullable(Instant),
    blockedReason: Nullable(Type.String()),
    /** The lost or broken card whose balance this one took; and the card that took this one's. */
    replaces: Nullable(Type.String()),
    replacedBy: Nullable(Type.String()),
    issuedAt: Instant,
    updatedAt: Instant,
  },
  Closed,
);
export type CardView = Static<typeof CardViewSchema>;

export const CardEntrySchema = Type.Object(
  {
    id: Type.String(),
    cardId: Type.String(),
    kind: CardEntryKindSchema,
    /** > 0 adds to the balance, < 0 takes from it. */
    amount: Int,
    /** The balance after this entry. */
    balanceAfter: Int,
    method: Nullable(Type.String()),
    saleId: Nullable(Type.String()),
    saleNumber: Nullable(Type.String()),
    returnId: Nullable(Type.String()),
    relatedEntryId: Nullable(Type.String()),
    /** Set on a top-up a manager voided: the void_topup entry. */
    voidedBy: Nullable(Type.String()),
    terminalCode: Nullable(Int),
    staffName: Nullable(Type.String()),
    note: Nullable(Type.String()),
    createdAt: Instant,
  },
  Closed,
);
export type CardEntry = Static<typeof CardEntrySchema>;

/** What every card operation answers (the same answer to a retry with the same request id). */
export const CardOperationAnswer = Type.Object(
  {
    card: CardViewSchema,
    /** The ledger entry the operation wrote (null: it moved no balance, e.g. a block or an issue with no top-up). */
    entry: Nullable(CardEntrySchema),
    /** Cash handed over or back at the desk for this operation (deposit + top-up at issue, cash-out + deposit). */
    cash: Int,
  },
  Closed,
);
export type CardOperation = Static<typeof CardOperationAnswer>;

export const CardTransferAnswer = Type.Object(
  { from: CardViewSchema, to: CardViewSchema, entry: Nullable(CardEntrySchema) },
  Closed,
);
export type CardTransfer = Static<typeof CardTransferAnswer>;

export const CardHistorySchema = Type.Object(
  { card: CardViewSchema, entries: Type.Array(CardEntrySchema) },
  Closed,
);
export type CardHistory = Static<typeof CardHistorySchema>;

export const CardSettingsSchema = Type.Object(
  {
    /** The wristband's price charged at issue, centavos (0: free). */
    deposit: Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, measure: "money" }),
    depositRefundable: Type.Boolean(),
    /** An event's end: unused balance expires at this instant (UTC). Null: balances never expire. */
    expiresAt: Nullable(Type.String({ minLength: 10, maxLength: 40 })),
  },
  Closed,
);
export type CardSettings = Static<typeof CardSettingsSchema>;

const MethodTotal = Type.Object({ method: Type.String(), count: Int, total: Int }, Closed);
const ProductTotal = Type.Object(
  { productId: Type.String(), description: Type.String(), quantity: Int, total: Int },
  Closed,
);

/**
 * Card figures of a shift (a cash session) or a terminal over a period: top-ups are deposits, not sales
 * (no IVA); charges are sales paid by card (by product); refunds give card sales back; cash-outs pay the
 * balance (and a refundable deposit) back.
 */
export const CardsReportSchema = Type.Object(
  {
    sessionId: Nullable(Type.String()),
    terminalId: Nullable(Type.String()),
    from: Nullable(Instant),
    to: Nullable(Instant),
    topups: Type.Object({ count: Int, total: Int, byMethod: Type.Array(MethodTotal) }, Closed),
    voidedTopups: Type.Object({ count: Int, total: Int }, Closed),
    charges: Type.Object({ count: Int, total: Int, byProduct: Type.Array(ProductTotal) }, Closed),
    refunds: Type.Object({ count: Int, total: Int }, Closed),
    cashouts: Type.Object({ count: Int, total: Int, deposits: Int }, Closed),
    cardsIssued: Type.Object({ count: Int, deposits: Int }, Closed),
    expired: Type.Object({ count: Int, total: Int }, Closed),
    /** What the drawer gains from cards: cash top-ups + cash deposits − cash-outs − voided cash top-ups. */
    cashNet: Int,
  },
  Closed,
);
export type CardsReport = Static<typeof CardsReportSchema>;

/** The bar's liability: what all cards hold at an instant (the ledger summed up to it). */
export const CardsOutstandingSchema = Type.Object(
  { at: Instant, cards: Int, balance: Int, deposits: Int },
  Closed,
);
export type CardsOutstanding = Static<typeof CardsOutstandingSchema>;

/** Unused balance at the event's expiry: what expired (written by the expiry job) and what is still due to. */
export const CardsExpirySchema = Type.Object(
  {
    expiresAt: Nullable(Instant),
    /** Whether the expiry job has run for that date. */
    done: Type.Boolean(),
    expiredCards: Int,
    expiredTotal: Int,
    /** Balance still on active cards (before the date: what would expire now). */
    pendingCards: Int,
    pendingTotal: Int,
  },
  Closed,
);
export type CardsExpiry = Static<typeof CardsExpirySchema>;

// ── requests ─────────────────────────────────────────────────────────────────────────────────────────

/** POST /api/cards: issue a card (anonymous, or linked to a customer); the shop's deposit is charged. */
export const IssueCardBody = Type.Object(
  {
    requestId: RequestId,
    uid: UidInput,
    printedNumber: Type.Optional(PrintedNumber),
    customerId: Type.Optional(Nullable(RowId)),
    /** How the deposit (and an optional first top-up) is paid; needed when either is more than zero. */
    method: Type.Optional(CardMoneyMethodSchema),
    /** A first top-up in the same operation. */
    topup: Type.Optional(Amount),
    reference: Type.Optional(Type.String({ maxLength: 80 })),
  },
  Closed,
);
export type IssueCardInput = Static<typeof IssueCardBody>;

/**
 * POST /api/cards/:cardId/topups. With method "mercadopago", `reference` is the confirmed charge's id
 * (POST /api/mercadopago/charges with the top-up's requestId as its saleRef, so a retry never charges twice).
 */
export const TopUpBody = Type.Object(
  {
    requestId: RequestId,
    amount: Amount,
    method: CardTopUpMethodSchema,
    reference: Type.Optional(Type.String({ maxLength: 80 })),
  },
  Closed,
);
export type TopUpInput = Static<typeof TopUpBody>;

/** POST /api/cards/:cardId/cashout: the whole remaining balance (and a refundable deposit) in cash. */
export const CashOutBody = Type.Object(
  { requestId: RequestId, approval: Type.Optional(ApprovalSchema) },
  Closed,
);
export type CashOutInput = Static<typeof CashOutBody>;

/** POST /api/cards/:cardId/block and /unblock */
export const BlockBody = Type.Object(
  { requestId: RequestId, reason: Type.Optional(Note), approval: Type.Optional(ApprovalSchema) },
  Closed,
);
export type BlockInput = Static<typeof BlockBody>;

/** POST /api/cards/:cardId/transfer: a lost or broken card's balance goes to a new card (the old one is replaced). */
export const TransferBody = Type.Object(
  {
    requestId: RequestId,
    newUid: UidInput,
    printedNumber: Type.Optional(PrintedNumber),
    approval: Type.Optional(ApprovalSchema),
  },
  Closed,
);
export type TransferInput = Static<typeof TransferBody>;

/** POST /api/cards/entries/:entryId/void: a manager takes back a mistaken top-up (audited). */
export const VoidTopUpBody = Type.Object(
  { requestId: RequestId, reason: Note, approval: Type.Optional(ApprovalSchema) },
  Closed,
);
export type VoidTopUpInput = Static<typeof VoidTopUpBody>;

/** PUT /api/cards/settings */
export const CardSettingsBody = CardSettingsSchema;

/** GET /api/cards/report: one shift (sessionId), or a terminal and/or a period. */
export const CardsReportQuery = Type.Object(
  {
    sessionId: Type.Optional(RowId),
    terminalId: Type.Optional(RowId),
    from: Type.Optional(Type.String({ minLength: 10, maxLength: 40 })),
    to: Type.Optional(Type.String({ minLength: 10, maxLength: 40 })),
  },
  Closed,
);
export type CardsReportInput = Static<typeof CardsReportQuery>;

/** GET /api/cards/outstanding?at= (an instant; absent: now) */
export const CardsOutstandingQuery = Type.Object(
  { at: Type.Optional(Type.String({ minLength: 10, maxLength: 40 })) },
  Closed,
);

/** GET /api/cards/shifts: the latest shifts (cash sessions) of every till, newest first, for the reports screen. */
export const CardsShiftSchema = Type.Object(
  {
    id: Type.String(),
    terminalId: Type.String(),
    terminalName: Type.String(),
    terminalCode: Int,
    status: Type.Union([Type.Literal("open"), Type.Literal("closed")]),
    openedAt: Instant,
    closedAt: Nullable(Instant),
  },
  Closed,
);
export type CardsShift = Static<typeof CardsShiftSchema>;
export const CardsShiftList = Type.Array(CardsShiftSchema);
