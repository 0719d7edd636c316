import type { OpPayload } from "@mostrador/contracts/sync/ops";
import { v7 as uuidv7 } from "uuid";
import type { OpFactory } from "../ingest/test-ops.js";

type Card = OpPayload<"card", "created">;
type Entry = OpPayload<"card_entry", "created">;

/** A card as the appliance's cards module uploads it (contracts/src/sync/cards.ts), `changes` on top. */
export function cardPayload(changes: Partial<Card> = {}): Card {
  const at = changes.issuedAt ?? "2026-03-02T22:00:00.000Z";
  return {
    id: uuidv7(),
    uid: `04A1B2C3${Math.floor(Math.random() * 0xffffff)
      .toString(16)
      .toUpperCase()
      .padStart(6, "0")}`,
    printedNumber: null,
    customerId: null,
    status: "active",
    deposit: 50_000,
    depositRefundable: true,
    replaces: null,
    issuedAt: at,
    updatedAt: at,
    ...changes,
  };
}

/** One ledger entry of `card`: `kind` and a signed `amount` (a charge is negative). */
export function entryPayload(
  cardId: string,
  kind: Entry["kind"],
  amount: number,
  createdAt: string,
  changes: Partial<Entry> = {},
): Entry {
  return {
    id: uuidv7(),
    cardId,
    kind,
    amount,
    method: kind === "topup" || kind === "cashout" || kind === "void_topup" ? "cash" : null,
    saleId: kind === "charge" ? uuidv7() : null,
    returnId: null,
    relatedEntryId: null,
    cashSessionId: "019a0000-0000-7000-8000-000000000001",
    terminalId: "019a0000-0000-7000-8000-0000000000aa",
    staffId: "staff-1",
    note: null,
    createdAt,
    ...changes,
  };
}

/** The ops of a card and of an entry, typed by the sync map. */
export const cardOp = (f: OpFactory, card: Card, op: "created" | "updated" = "created") =>
  f.op("card", card.id, op, card);
export const entryOp = (f: OpFactory, entry: Entry) => f.op("card_entry", entry.id, "created", entry);
