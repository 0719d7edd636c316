import { DomainError } from "@mostrador/kernel/core/errors";

/**
 * The "exchange" method is the credit of an exchange's return applied to its new sale, and only
 * pos/exchanges.ts writes it: a plain sale or return that names it is refused, or a cashier could
 * "pay" with credit that no return gave.
 */
export function refuseExchangeCredit(items: unknown, what: "Pago" | "Reintegro"): void {
  if (!Array.isArray(items)) return;
  items.forEach((item: unknown, i) => {
    if (item !== null && typeof item === "object" && (item as { method?: unknown }).method === "exchange") {
      throw new DomainError(
        "invalid",
        "exchange_credit_outside_exchange",
        `${what} ${i + 1}: el crédito de un cambio solo se usa dentro de un cambio (Historial → Cambio)`,
        { [what === "Pago" ? "payment" : "refund"]: i + 1 },
      );
    }
  });
}

/**
 * An exchange's request names no prepaid card (a sale's `cardId`), so its difference cannot be charged to
 * or refunded onto one ("card", desktop/src/cards): refused, the difference goes by another method. The
 * account and points do move: both halves run the modules' sale hooks (pos/exchanges.ts).
 */
export function refuseCardInExchange(items: unknown, what: "Pago" | "Reintegro"): void {
  if (!Array.isArray(items)) return;
  items.forEach((item: unknown, i) => {
    if (item !== null && typeof item === "object" && (item as { method?: unknown }).method === "card") {
      throw new DomainError(
        "invalid",
        "card_in_exchange",
        `${what} ${i + 1}: un cambio no se cobra ni se reintegra con tarjeta prepaga; usá otro medio`,
        { [what === "Pago" ? "payment" : "refund"]: i + 1 },
      );
    }
  });
}
