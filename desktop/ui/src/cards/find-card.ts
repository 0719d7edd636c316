import { printedNumberInQr } from "@mostrador/contracts/http/cards";
import { ApiError } from "@mostrador/contracts/http-client";

/** Why a UID lookup failed in a way the printed number may still answer (no card, or text that is no UID). */
const MAYBE_A_NUMBER = new Set(["card_not_found", "invalid_card_uid"]);

/**
 * What the card field read, as the cash desk and the bar look it up: a wristband's QR
 * (`mostrador:card:<number>`) by its printed number; anything else as a chip's UID first and, when no card
 * answers to it, as a printed number (a QR holding just the number, or a person typing it). When neither
 * finds a card, the UID's refusal stands, so the desk still offers to issue a new card for an unknown UID.
 */
export async function findCardByCode<T>(text: string, get: (path: string) => Promise<T>): Promise<T> {
  const code = text.trim();
  const number = printedNumberInQr(code);
  const byNumber = (n: string) => get(`/api/cards/by-number/${encodeURIComponent(n)}`);
  if (number !== null) return byNumber(code);
  try {
    return await get(`/api/cards/by-uid/${encodeURIComponent(code)}`);
  } catch (uidError) {
    if (!(uidError instanceof ApiError) || !MAYBE_A_NUMBER.has(uidError.code)) throw uidError;
    try {
      return await byNumber(code);
    } catch (numberError) {
      if (numberError instanceof ApiError && numberError.code === "card_number_ambiguous") throw numberError;
      throw uidError;
    }
  }
}
