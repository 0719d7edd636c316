import { Type } from "@sinclair/typebox";
import { Id, Money, NonNegMoney, Nullable, Open, Text, Time } from "./fields.js";

/**
 * Prepaid cards and wristbands (desktop/src/cards): the balance lives in the appliance's card ledger,
 * never on the chip (a UID-only card can be cloned; a clone spends the same balance). Every card and
 * every ledger entry goes up through the outbox; the cloud keeps the cards and appends the entries (the
 * bar's liability is the sum of the balances).
 */

export const CARD_STATUSES = ["active", "blocked", "replaced", "expired"] as const;
const CardStatus = Type.Union(CARD_STATUSES.map((s) => Type.Literal(s)));

/** card/created, card/updated: a card issued, linked to a customer, blocked, replaced, expired. */
export const CardPayload = Type.Object(
  {
    id: Id,
    /** The chip's UID, normalised to upper-case hex (desktop/src/cards README). */
    uid: Text(40),
    printedNumber: Nullable(Text(40)),
    customerId: Nullable(Id),
    status: CardStatus,
    /** The wristband's price charged at issue (centavos) and whether a cash-out gives it back. */
    deposit: NonNegMoney,
    depositRefundable: Type.Boolean(),
    /** The card whose balance this one took (a lost or broken card's replacement). */
    replaces: Nullable(Id),
    /** The card that took this one's balance (set when it is replaced). Optional: added by the cards module. */
    replacedBy: Type.Optional(Nullable(Id)),
    /** When a cash-out gave the deposit back; null while the card holds it. */
    depositReturnedAt: Type.Optional(Nullable(Time)),
    issuedAt: Time,
    updatedAt: Time,
  },
  Open,
);

export const CARD_ENTRY_KINDS = [
  "topup",
  "charge",
  "refund",
  "cashout",
  "void_topup",
  "transfer_out",
  "transfer_in",
  "expire",
] as const;
const CardEntryKind = Type.Union(CARD_ENTRY_KINDS.map((k) => Type.Literal(k)));

/**
 * card_entry/created: one movement of a card's balance, born once at the appliance and never changed.
 * `amount` > 0 adds to the balance (top-up, refund of a charge, transfer in), < 0 takes from it (charge,
 * cash-out, voided top-up, transfer out, expiry). The deposit is not balance: it travels on the card.
 */
export const CardEntryPayload = Type.Object(
  {
    id: Id,
    cardId: Id,
    kind: CardEntryKind,
    amount: Money,
    /** How money came in or went out (top-up, cash-out): a payment method code; null otherwise. */
    method: Nullable(Text(20)),
    saleId: Nullable(Id),
    returnId: Nullable(Id),
    /** The entry this one undoes (void_topup) or mirrors (transfer_in ↔ transfer_out). */
    relatedEntryId: Nullable(Id),
    cashSessionId: Nullable(Id),
    terminalId: Nullable(Id),
    staffId: Nullable(Id),
    note: Nullable(Text(500)),
    /** The card's balance after this entry (the ledger's running sum at the appliance). */
    balanceAfter: Type.Optional(NonNegMoney),
    createdAt: Time,
  },
  Open,
);
