import { DomainError } from "@mostrador/kernel/core/errors";

/** Shortest and longest UID a reader gives: 4 bytes (MIFARE Classic, NTAG) to 10 (triple-size). */
export const UID_MIN_BYTES = 4;
export const UID_MAX_BYTES = 10;

const SEPARATORS = /[\s:.-]+/g;

/**
 * A card's UID as readers and people type it, normalised to upper-case hex with no separators:
 * "de ad be ef", "DE:AD:BE:EF", "0xDE 0xAD 0xBE 0xEF" and "deadbeef" are the same card. A reader set to
 * type decimal (a keyboard wedge) gives digits, which are hex digits too: the same card always types the
 * same digits, so it is still one card, as long as the shop keeps one reader format (the reader layer
 * converts when it knows the format). Anything else — letters past F, control bytes, an odd number of
 * digits, too short or too long — is refused with a clear error, before anything is read or written.
 */
export function normaliseUid(raw: unknown): string {
  if (typeof raw !== "string") throw badUid("Falta el UID de la tarjeta");
  const cleaned = raw.replace(/0x/gi, " ").replace(SEPARATORS, "").toUpperCase();
  if (cleaned === "") throw badUid("Falta el UID de la tarjeta: acercá la tarjeta al lector");
  if (!/^[0-9A-F]+$/.test(cleaned)) {
    throw badUid(
      "El UID de la tarjeta tiene caracteres que no son hexadecimales (0-9, A-F): volvé a pasar la tarjeta",
    );
  }
  if (cleaned.length % 2 !== 0) {
    throw badUid("El UID de la tarjeta tiene una cantidad impar de dígitos: volvé a pasar la tarjeta");
  }
  const bytes = cleaned.length / 2;
  if (bytes < UID_MIN_BYTES || bytes > UID_MAX_BYTES) {
    throw badUid(
      `El UID de la tarjeta debe tener entre ${UID_MIN_BYTES} y ${UID_MAX_BYTES} bytes (${UID_MIN_BYTES * 2} a ${UID_MAX_BYTES * 2} dígitos hexadecimales)`,
    );
  }
  return cleaned;
}

const badUid = (message: string) => new DomainError("invalid", "invalid_card_uid", message);
