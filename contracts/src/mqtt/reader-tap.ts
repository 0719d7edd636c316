/**
 * A card tap on mostrador/<device>/reader/<key>/tap: an ESP32 node with an RC522 publishes the chip's UID
 * bytes as upper-case hex with no separators ("04A32B1C"), QoS 0, never retained (a retained tap would be
 * replayed to every new subscriber as a fresh tap). The node prints the bytes in the order the chip sent
 * them, so the gateway reads the payload as hex in that order; a reader configured otherwise in Ajustes
 * applies its own byte order afterwards (@mostrador/contracts/card-readers/uid).
 */
import { normalizeUid, type UidErrorCode } from "../card-readers/uid.js";
import { type PayloadResult, payloadText } from "./payload-result.js";

/** Largest tap payload: a 10-byte UID is 20 hex digits; anything longer is garbage. */
export const MAX_TAP_BYTES = 20;

export type ReaderTapResult = PayloadResult<string, UidErrorCode>;

/** The node's payload as a UID (hex, in the chip's order), or why it is not one. Never throws. */
export function parseReaderTap(payload: string | Uint8Array): ReaderTapResult {
  return normalizeUid(payloadText(payload), { numberFormat: "hex", byteOrder: "as_read" });
}

/** What a node (or the simulator) publishes for a chip's bytes. */
export function serializeReaderTap(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, "0")).join("");
}
