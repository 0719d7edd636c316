import { printedNumberInQr } from "@mostrador/contracts/http/cards";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { type CardRow, findCard } from "./cards.js";

export const PRINTED_NUMBER_MAX = 40;

/** A printed number as shown on the card (trimmed), or null when none is given; garbage is refused. */
export function printedNumber(value: unknown): string | null {
  if (value == null) return null;
  const text = typeof value === "string" ? value.trim() : "";
  if (text === "" || text.length > PRINTED_NUMBER_MAX || /[\p{Cc}]/u.test(text)) {
    throw new DomainError(
      "invalid",
      "invalid_printed_number",
      `El número impreso de la tarjeta debe tener entre 1 y ${PRINTED_NUMBER_MAX} caracteres visibles`,
    );
  }
  return text;
}

/** The live cards (not replaced) with a printed number: one, unless older data holds a duplicate. */
function liveIdsWithNumber(ctx: Ctx, printed: string): string[] {
  return (
    stmt(
      ctx.db,
      "SELECT id FROM cards WHERE printed_number = ? AND status <> 'replaced' ORDER BY issued_at",
    ).all(printed) as { id: string }[]
  ).map((r) => r.id);
}

/**
 * Refuses a printed number a live card already has (issue, and the new card of a transfer, which may keep
 * the number of the card it replaces: `except`). Runs in the operation's IMMEDIATE transaction, so two
 * desks cannot give one number twice.
 */
export function requireFreePrintedNumber(ctx: Ctx, printed: string, except?: string): void {
  const taken = liveIdsWithNumber(ctx, printed).find((id) => id !== except);
  if (taken)
    throw new DomainError(
      "conflict",
      "card_printed_number_taken",
      `Ya hay una tarjeta emitida con el número ${printed}: usá otro número o buscá esa tarjeta`,
      { cardId: taken },
    );
}

/**
 * The live card with a printed number, typed or scanned (its QR holds the number, or
 * `mostrador:card:<number>`), or a clear refusal: an unknown number, or (data from before numbers were
 * unique) two live cards with it, which the desk must tell apart by UID.
 */
export function requireCardByPrintedNumber(ctx: Ctx, raw: unknown): CardRow {
  const text = typeof raw === "string" ? raw : "";
  const printed = printedNumber(printedNumberInQr(text) ?? text);
  if (printed === null)
    throw new DomainError("invalid", "invalid_printed_number", "Falta el número de la tarjeta");
  const ids = liveIdsWithNumber(ctx, printed);
  if (ids.length > 1)
    throw new DomainError(
      "conflict",
      "card_number_ambiguous",
      `Hay más de una tarjeta con el número ${printed}: acercá la tarjeta al lector para leer su chip`,
    );
  const card = ids[0] ? findCard(ctx, ids[0]) : undefined;
  if (!card)
    throw new DomainError(
      "not_found",
      "card_not_found",
      `No hay ninguna tarjeta emitida con el número ${printed}`,
    );
  return card;
}
