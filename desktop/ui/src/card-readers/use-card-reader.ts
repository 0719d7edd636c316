/**
 * The one way a screen takes cards (the bar, the cash desk, the till): `useCardReader({ onCard })` calls
 * `onCard(uid, readerId)` once per tap, whatever the reader — a serial reader or an ESP32 node of this till
 * (or of no till) through /api/events, or a keyboard-wedge reader of this till read right here from the
 * keyboard. UIDs arrive normalised (@mostrador/contracts/card-readers/uid); a wedge reader's garbage comes
 * to `onRefused` with the reason. A screen that also reads barcodes from a keyboard scanner turns it off
 * (`enabled: false`) while its scan field has focus: both arrive as fast bursts ending in Enter.
 */
import type { CardReader } from "@mostrador/contracts/http/card-readers";
import { printedNumberInQr } from "@mostrador/contracts/http/cards";
import { useEffect, useRef, useState } from "react";
import { get } from "../api/client.js";
import { useSession } from "../session/session-store.js";
import { useCardTaps } from "./card-tap-store.js";
import { WedgeBurst } from "./wedge-burst.js";

export interface CardReaderOptions {
  onCard(uid: string, readerId: string | null): void;
  onRefused?(reason: string): void;
  enabled?: boolean;
}

/** This till's readers (and the ones of no till), from GET /api/card-readers. */
export function useReadersHere(): CardReader[] {
  const here = useSession((s) => s.terminal?.id ?? null);
  const [readers, setReaders] = useState<CardReader[]>([]);
  useEffect(() => {
    get<CardReader[]>("/api/card-readers")
      .then((all) => setReaders(all.filter((r) => r.terminalId === null || r.terminalId === here)))
      .catch(() => setReaders([]));
  }, [here]);
  return readers;
}

/**
 * A wedge burst typed its characters into the focused field before its Enter told it was a card: they are
 * the reader's, not the person's, so they come back out (an amount field must not keep a card's number).
 * Through the element's own value setter and an input event, so React's onChange sees the change.
 */
function takeBackBurst(raw: string): void {
  const el = document.activeElement;
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) return;
  if (!raw || !el.value.endsWith(raw)) return;
  const setValue = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), "value")?.set;
  if (!setValue) return;
  setValue.call(el, el.value.slice(0, el.value.length - raw.length));
  el.dispatchEvent(new Event("input", { bubbles: true }));
}

function fieldHoldsCardQr(): boolean {
  const el = document.activeElement;
  return el instanceof HTMLInputElement && printedNumberInQr(el.value) !== null;
}

/** Reads a keyboard-wedge reader's bursts from the whole window (capture phase: the Enter is taken). */
export function useCardWedge(
  reader: Pick<CardReader, "id" | "numberFormat" | "byteOrder"> | null,
  options: CardReaderOptions,
): void {
  const latest = useRef(options);
  latest.current = options;
  const enabled = options.enabled ?? true;
  // By value: the list is re-read now and then, and an equal reader must not restart the burst.
  const readerId = reader?.id ?? null;
  const numberFormat = reader?.numberFormat ?? "hex";
  const byteOrder = reader?.byteOrder ?? "as_read";
  useEffect(() => {
    if (!readerId || !enabled) return;
    const burst = new WedgeBurst({ numberFormat, byteOrder });
    const onKey = (e: KeyboardEvent) => {
      const result = burst.key(e.key, e.timeStamp);
      if (result.kind !== "card" && result.kind !== "refused") return;
      // A wristband's QR (`mostrador:card:<number>`) read by a barcode scanner is as fast as a reader, and
      // its tail after the last Shift may even look like a UID: it is the field's, looked up by number.
      if (fieldHoldsCardQr()) return;
      // The Enter belongs to the card, not to whatever button or form has focus.
      e.preventDefault();
      e.stopPropagation();
      takeBackBurst(result.raw);
      if (result.kind === "card") latest.current.onCard(result.uid, readerId);
      else latest.current.onRefused?.(result.error);
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [readerId, numberFormat, byteOrder, enabled]);
}

export function useCardReader(options: CardReaderOptions): void {
  const here = useSession((s) => s.terminal?.id ?? null);
  const readers = useReadersHere();
  const latest = useRef(options);
  latest.current = options;
  const enabled = options.enabled ?? true;
  const wedge = readers.find((r) => r.kind === "keyboard") ?? null;
  useCardWedge(wedge, options);
  useEffect(() => {
    if (!enabled) return;
    return useCardTaps.subscribe((s, before) => {
      const tap = s.latest;
      if (!tap || tap === before.latest) return;
      if (tap.terminalId !== null && tap.terminalId !== here) return;
      latest.current.onCard(tap.uid, tap.readerId);
    });
  }, [here, enabled]);
}
