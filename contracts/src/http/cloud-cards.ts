import { Type, type Static } from "@sinclair/typebox";
import { CARD_ENTRY_KINDS, CARD_STATUSES } from "../sync/cards.js";
import { Closed, Instant, Int, Nullable, RowId, type SameUnion } from "./fields.js";

/**
 * The cloud's prepaid cards (cloud/src/cards/routes.ts): what each store's cards did in a period, the
 * bar's liability (the balances its active cards hold) now and at a chosen moment, the list of cards
 * and one card's history. Money in centavos, instants ISO-8601 UTC, days "YYYY-MM-DD" in each store's zone.
 */

const StoreFilter = Type.Optional(Type.String({ format: "uuid" }));
/** A calendar day of the store ("2026-03-02"), a real one. */
const Day = Type.String({ format: "date", maxLength: 10 });

/** GET /v1/dashboard/cards/report?storeId=&from=&to=&at= */
export const CardReportQuery = Type.Object(
  {
    storeId: StoreFilter,
    /** First and last day of the period, both included; absent: today in each store's zone. */
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    /** The moment the liability is read at besides now; absent: now. */
    at: Type.Optional(Type.String({ format: "date-time", maxLength: 40 })),
  },
  Closed,
);
export type CardReportQuery = Static<typeof CardReportQuery>;

/** A sum of money and how many movements made it (positive amounts: a charge of $ 100 reads 10000). */
export const CardMoneyCount = Type.Object({ total: Int, count: Int }, Closed);
export const CardMethodTotal = Type.Object({ method: Type.String(), total: Int, count: Int }, Closed);

/** The balances cards held at a moment: the active ones (the liability) and the blocked ones apart. */
export const CardLiability = Type.Object(
  {
    /** Sum of the balances of the cards active at that moment (or whose card has not arrived yet). */
    active: Int,
    activeCards: Int,
    /** Balances on blocked cards: still the customer's until moved to a new card or cashed out. */
    blocked: Int,
    blockedCards: Int,
  },
  Closed,
);

export const CardFigures = Type.Object(
  {
    topUps: Type.Array(CardMethodTotal),
    /** Top-ups a manager voided (their amounts, positive). */
    voidedTopUps: CardMoneyCount,
    /** Sales paid by card. */
    charges: CardMoneyCount,
    /** Charges given back to the card (a return of a sale paid by card). */
    refunds: CardMoneyCount,
    cashOuts: Type.Array(CardMethodTotal),
    /** Balances that expired unused (an event's end). */
    expiries: CardMoneyCount,
    /** Balances moved from a lost or broken card to its replacement. */
    transfers: CardMoneyCount,
    cardsIssued: Int,
    liabilityNow: CardLiability,
    liabilityAt: CardLiability,
  },
  Closed,
);
export type CardFigures = Static<typeof CardFigures>;

export const CardStoreReport = Type.Object(
  {
    storeId: Type.String(),
    storeName: Type.String(),
    timeZone: Type.String(),
    /** The period in this store's zone: from its first day's start to the end of its last (exclusive). */
    from: Instant,
    to: Instant,
    figures: CardFigures,
  },
  Closed,
);

export const CardReportAnswer = Type.Object(
  {
    fromDay: Type.String(),
    toDay: Type.String(),
    at: Instant,
    stores: Type.Array(CardStoreReport),
    /** Every store in scope added up. */
    total: CardFigures,
  },
  Closed,
);
export type CardReportAnswer = Static<typeof CardReportAnswer>;

/** The statuses a card can be filtered by; "pending": only its movements have arrived so far. */
export const CARD_LIST_STATUSES = [...CARD_STATUSES, "pending"] as const;
export type CardListStatus = (typeof CARD_LIST_STATUSES)[number];
const CardListStatusSchema = Type.Union([
  Type.Literal("active"),
  Type.Literal("blocked"),
  Type.Literal("replaced"),
  Type.Literal("expired"),
  Type.Literal("pending"),
]);
export const CARD_LIST_STATUS_SCHEMA_MATCHES: SameUnion<
  CardListStatus,
  Static<typeof CardListStatusSchema>
> = true;

/** GET /v1/dashboard/cards?storeId=&status=&search=&limit=&offset= */
export const CardListQuery = Type.Object(
  {
    storeId: StoreFilter,
    status: Type.Optional(CardListStatusSchema),
    /** Part of the UID or of the printed number. */
    search: Type.Optional(Type.String({ maxLength: 40 })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  Closed,
);
export type CardListQuery = Static<typeof CardListQuery>;

export const CloudCard = Type.Object(
  {
    id: Type.String(),
    storeId: Type.String(),
    storeName: Type.String(),
    /** The store's zone, the one its times are shown in. */
    timeZone: Type.String(),
    /** null until the card itself arrives (its movements came first). */
    uid: Nullable(Type.String()),
    printedNumber: Nullable(Type.String()),
    customerId: Nullable(Type.String()),
    status: Nullable(Type.String()),
    balance: Int,
    deposit: Int,
    depositRefundable: Type.Boolean(),
    replaces: Nullable(Type.String()),
    issuedAt: Nullable(Instant),
    lastMovementAt: Nullable(Instant),
    movements: Int,
  },
  Closed,
);
export type CloudCard = Static<typeof CloudCard>;

export const CardListAnswer = Type.Object({ cards: Type.Array(CloudCard), total: Int }, Closed);
export type CardListAnswer = Static<typeof CardListAnswer>;

export const CardHistoryParams = Type.Object({ id: RowId }, Closed);

export const CloudCardEntry = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    /** Signed as on the card: a top-up adds, a charge takes. */
    amount: Int,
    /** The balance right after this movement (movements in the order they happened). */
    balanceAfter: Int,
    method: Nullable(Type.String()),
    saleId: Nullable(Type.String()),
    terminalId: Nullable(Type.String()),
    note: Nullable(Type.String()),
    createdAt: Instant,
  },
  Closed,
);
export type CloudCardEntry = Static<typeof CloudCardEntry>;

export const CloudCardState = Type.Object({ status: Type.String(), at: Instant }, Closed);

/** GET /v1/dashboard/cards/:id: the card, its movements (oldest first) and the statuses it went through. */
export const CardHistoryAnswer = Type.Object(
  {
    card: CloudCard,
    timeZone: Type.String(),
    entries: Type.Array(CloudCardEntry),
    states: Type.Array(CloudCardState),
  },
  Closed,
);
export type CardHistoryAnswer = Static<typeof CardHistoryAnswer>;

/** The entry kinds and statuses the dashboard names (es/en in cloud/ui's dictionaries). */
export { CARD_ENTRY_KINDS, CARD_STATUSES };
