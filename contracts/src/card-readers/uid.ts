/**
 * The one card UID rule, for every reader kind (keyboard wedge, serial MFRC522 / PN532 / EM4100, the
 * ESP32 node over MQTT) and the till's and Ajustes' fields: a UID is the chip's bytes as upper-case hex
 * with no separators ("04A32B1C"). Readers disagree on how they show those bytes — hex or a decimal
 * number, in the chip's order or reversed — so each reader's format is configured and every raw text goes
 * through `normalizeUid` with it. Garbage (control bytes, non-hex, a length no chip has) is refused with a
 * Spanish reason and never becomes a UID: a card's balance is looked up by this string.
 *
 * Pure and browser-safe: the till imports it for the keyboard-wedge field.
 */
import { accepted, type PayloadResult, refused } from "../mqtt/payload-result.js";

export const UID_NUMBER_FORMATS = ["hex", "decimal"] as const;
export type UidNumberFormat = (typeof UID_NUMBER_FORMATS)[number];
/** "as_read": the bytes in the order the reader shows them; "reversed": the reader shows them backwards. */
export const UID_BYTE_ORDERS = ["as_read", "reversed"] as const;
export type UidByteOrder = (typeof UID_BYTE_ORDERS)[number];

export interface UidFormat {
  numberFormat: UidNumberFormat;
  byteOrder: UidByteOrder;
}

/** What a reader that was never configured is read as: hex, in the order shown. */
export const DEFAULT_UID_FORMAT: UidFormat = { numberFormat: "hex", byteOrder: "as_read" };

/**
 * The byte lengths real chips have: ISO 14443-A single, double and triple size UIDs (4, 7, 10) and the
 * 125 kHz EM4100's 5 bytes (1 version byte + 32-bit id).
 */
export const UID_BYTE_LENGTHS = [4, 5, 7, 10] as const;
const MAX_BYTES = 10;
/** Longest raw text a reader may hand over (10 bytes "0xAB " each, with slack); more is garbage. */
export const MAX_RAW_UID_LENGTH = 64;

export type UidErrorCode =
  "empty" | "control_bytes" | "too_long" | "not_hex" | "not_decimal" | "wrong_length";
export type UidResult = PayloadResult<string, UidErrorCode>;

// C0 and C1 control characters and DEL: what a noisy serial line or a misconfigured wedge leaves behind.
// Tab, CR and LF are trimmed at the ends by callers' line splitting; inside a UID they are garbage too.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const SEPARATORS = /[\s:,-]+/;

const lengthsInWords = "4, 5, 7 o 10 bytes";

function wrongLength(count: number): UidResult {
  return refused(
    "wrong_length",
    `Un UID de tarjeta tiene ${lengthsInWords}; este tiene ${count} byte${count === 1 ? "" : "s"}`,
  );
}

function bytesToUid(bytes: number[], byteOrder: UidByteOrder): UidResult {
  if (!(UID_BYTE_LENGTHS as readonly number[]).includes(bytes.length)) return wrongLength(bytes.length);
  const ordered = byteOrder === "reversed" ? [...bytes].reverse() : bytes;
  return accepted(ordered.map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join(""));
}

/** The chip's bytes (from a binary frame or the firmware) as a UID, in the given order. */
export function uidFromBytes(bytes: ArrayLike<number>, byteOrder: UidByteOrder = "as_read"): UidResult {
  const list = Array.from(bytes);
  if (list.some((b) => !Number.isInteger(b) || b < 0 || b > 255))
    return refused("not_hex", "Los bytes del UID deben estar entre 0 y 255");
  return bytesToUid(list, byteOrder);
}

/**
 * Hex as readers print it: one run of digits ("04a32b1c", even length), or bytes apart
 * ("04 A3 2B 1C", "04:A3:2B:1C", "0x4 0xA3 0x2B 0x1C" — PN532 sketches print bytes unpadded, so a
 * separated byte of one digit is read as 0X).
 */
function hexBytes(text: string): number[] | UidResult {
  const tokens = text
    .split(SEPARATORS)
    .filter((t) => t !== "")
    .map((t) => t.replace(/^0x/i, ""));
  const notHex = refused("not_hex", "El UID debe ser hexadecimal (0-9 y A-F)");
  if (tokens.length === 0 || tokens.some((t) => !/^[0-9a-f]+$/i.test(t))) return notHex;
  if (tokens.length === 1) {
    const run = tokens[0] ?? "";
    if (run.length % 2 !== 0)
      return refused("wrong_length", "El UID hexadecimal debe tener un número par de dígitos");
    return run.match(/../g)!.map((pair) => parseInt(pair, 16));
  }
  if (tokens.some((t) => t.length > 2))
    return refused("not_hex", "Cada byte del UID separado debe tener uno o dos dígitos hexadecimales");
  return tokens.map((t) => parseInt(t, 16));
}

/**
 * A decimal number as wedge readers type it ("2736734546", "0009334109"): the chip's bytes read as one
 * big-endian number, in the fewest bytes of a real chip length that hold it (10 digits → 4 bytes).
 */
function decimalBytes(text: string): number[] | UidResult {
  const digits = text.trim();
  if (!/^\d+$/.test(digits)) return refused("not_decimal", "El UID decimal debe tener solo dígitos (0-9)");
  let value = BigInt(digits);
  const length = UID_BYTE_LENGTHS.find((n) => value < 1n << BigInt(n * 8));
  if (length === undefined)
    return refused("wrong_length", `El número del UID es más grande que ${MAX_BYTES} bytes`);
  const bytes: number[] = [];
  for (let i = 0; i < length; i++) {
    bytes.unshift(Number(value & 0xffn));
    value >>= 8n;
  }
  return bytes;
}

/** A reader's raw text as the one UID, or why it is not one. Never throws. */
export function normalizeUid(raw: string, format: UidFormat = DEFAULT_UID_FORMAT): UidResult {
  if (CONTROL.test(raw.replace(/^[\r\n\t ]+|[\r\n\t ]+$/g, "")))
    return refused("control_bytes", "El UID trae caracteres de control (bytes basura del lector)");
  const text = raw.trim();
  if (text === "") return refused("empty", "El lector no mandó ningún UID");
  if (text.length > MAX_RAW_UID_LENGTH)
    return refused("too_long", `El UID no puede tener más de ${MAX_RAW_UID_LENGTH} caracteres`);
  const bytes = format.numberFormat === "decimal" ? decimalBytes(text) : hexBytes(text);
  return Array.isArray(bytes) ? bytesToUid(bytes, format.byteOrder) : bytes;
}

/** A UID already normalised (the card's key): what the API and the ledger accept. */
export const UID_PATTERN_SOURCE = "^(?:[0-9A-F]{8}|[0-9A-F]{10}|[0-9A-F]{14}|[0-9A-F]{20})$";
export const UID_PATTERN = new RegExp(UID_PATTERN_SOURCE);
