/**
 * Tells a keyboard-wedge card reader from a person at the keyboard. A wedge reader "types" the card's
 * number and Enter in one burst, a few milliseconds between keys; a person types far slower (well over
 * 50 ms a key even when fast). So a run of characters ending in Enter, every gap within `maxGapMs` and long
 * enough to be a UID, is a card; anything else is typing and is left alone. Times are the key events'
 * timestamps, passed in, so this is tested without waiting.
 */
import { normalizeUid, type UidFormat } from "@mostrador/contracts/card-readers/uid";

export interface WedgeLimits {
  /** Longest gap between two keys of one burst (and between the last one and Enter). */
  maxGapMs: number;
  /** Fewest characters a burst has: a 4-byte UID is 8 hex digits or up to 10 decimal ones. */
  minLength: number;
  /** More characters than this is no card (MAX_RAW_UID_LENGTH in the contract). */
  maxLength: number;
}

export const DEFAULT_WEDGE_LIMITS: WedgeLimits = { maxGapMs: 35, minLength: 8, maxLength: 64 };

export type WedgeResult =
  | { kind: "none" }
  /** A reader's burst (`raw`, as typed), normalised: `uid`, or the reader sent garbage and `error` says why (Spanish). */
  | { kind: "card"; uid: string; raw: string }
  | { kind: "refused"; raw: string; error: string }
  /** Enter after characters a person typed (or a burst too short to be a card). */
  | { kind: "typed" };

const NONE: WedgeResult = { kind: "none" };

export class WedgeBurst {
  #chars = "";
  #last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly format: UidFormat,
    private readonly limits: WedgeLimits = DEFAULT_WEDGE_LIMITS,
  ) {}

  /** True while the keys so far could be a reader's burst (a caller may hold them back from an input). */
  get pending(): boolean {
    return this.#chars.length > 0;
  }

  /** One key (KeyboardEvent.key) at `at` ms. */
  key(key: string, at: number): WedgeResult {
    const gap = at - this.#last;
    this.#last = at;
    if (key === "Enter") {
      const chars = this.#chars;
      this.#chars = "";
      if (chars.length === 0) return NONE;
      if (gap > this.limits.maxGapMs || chars.length < this.limits.minLength) return { kind: "typed" };
      const uid = normalizeUid(chars, this.format);
      return uid.ok
        ? { kind: "card", uid: uid.value, raw: chars }
        : { kind: "refused", raw: chars, error: uid.error.message };
    }
    if (key.length !== 1) {
      // Shift, Tab, arrows, Backspace: no reader sends them inside a burst.
      this.#chars = "";
      return NONE;
    }
    // A slow key starts a new candidate: what came before was typed.
    if (gap > this.limits.maxGapMs) this.#chars = "";
    this.#chars = (this.#chars + key).slice(-this.limits.maxLength - 1);
    return NONE;
  }
}
