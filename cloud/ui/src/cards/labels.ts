import { CARD_ENTRY_KINDS, CARD_LIST_STATUSES } from "@mostrador/contracts/http/cloud-cards";
import type { MessageKey } from "../i18n/i18n.js";

const METHODS = ["cash", "debit", "credit", "transfer"];

/** The dictionary key of a card status (null: the card's own data has not arrived, "pending"). */
export const statusKey = (status: string | null): MessageKey | null => {
  const s = status ?? "pending";
  return (CARD_LIST_STATUSES as readonly string[]).includes(s) ? (`cards.status.${s}` as MessageKey) : null;
};

export const kindKey = (kind: string): MessageKey | null =>
  (CARD_ENTRY_KINDS as readonly string[]).includes(kind) ? (`cards.kind.${kind}` as MessageKey) : null;

/** A payment method's name where the dashboard knows it (method.*), its code otherwise. */
export const methodKey = (method: string): MessageKey | null =>
  METHODS.includes(method) ? (`method.${method}` as MessageKey) : null;
