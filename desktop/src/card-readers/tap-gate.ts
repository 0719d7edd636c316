/**
 * Between a reader's decoded frames and `card_tapped`: one tap per card however long it is held (readers
 * repeat the UID while a card lies on them), and a reader that floods — garbage, or more taps than hands
 * can make — is throttled: everything it sends is dropped for a while, and it says so (its state in
 * Ajustes), instead of flooding the bar's screens or the appliance. Times are epoch ms from the caller's
 * clock, so this is tested without waiting.
 */
export interface TapGateLimits {
  /** The same UID again within this long of its last sighting is the same tap (the card is still there). */
  repeatMs: number;
  /** More than this many garbage frames or taps in one window throttles the reader… */
  floodPerWindow: number;
  windowMs: number;
  /** …for this long. */
  throttleMs: number;
}

export const DEFAULT_TAP_LIMITS: TapGateLimits = {
  repeatMs: 1500,
  floodPerWindow: 20,
  windowMs: 1000,
  throttleMs: 10_000,
};

export type GateVerdict = "tap" | "repeat" | "dropped" | "throttled_now";

export class TapGate {
  #lastUid: string | null = null;
  #lastSeen = 0;
  #windowStart = 0;
  #inWindow = 0;
  #throttledUntil = 0;
  #why: string | null = null;

  constructor(private readonly limits: TapGateLimits = DEFAULT_TAP_LIMITS) {}

  /** True while the reader is throttled. */
  throttled(at: number): boolean {
    return at < this.#throttledUntil;
  }

  /** Why the reader was last throttled (Spanish), while it is. */
  problem(at: number): string | null {
    return this.throttled(at) ? this.#why : null;
  }

  /** A UID read: a new tap, the same card still there, or dropped (throttled). */
  uid(uid: string, at: number): GateVerdict {
    if (this.throttled(at)) return "dropped";
    const repeat = uid === this.#lastUid && at - this.#lastSeen < this.limits.repeatMs;
    this.#lastUid = uid;
    this.#lastSeen = at;
    if (repeat) return "repeat";
    if (this.#count(at))
      return this.#throttle(at, "más tarjetas por segundo de las que una mano puede acercar");
    return "tap";
  }

  /** A garbage frame: counted towards the flood limit. */
  garbage(at: number, reason: string): GateVerdict {
    if (this.throttled(at)) return "dropped";
    if (this.#count(at)) return this.#throttle(at, `demasiadas lecturas inválidas (la última: ${reason})`);
    return "dropped";
  }

  #count(at: number): boolean {
    if (at - this.#windowStart >= this.limits.windowMs) {
      this.#windowStart = at;
      this.#inWindow = 0;
    }
    this.#inWindow++;
    return this.#inWindow > this.limits.floodPerWindow;
  }

  #throttle(at: number, why: string): GateVerdict {
    this.#throttledUntil = at + this.limits.throttleMs;
    this.#why = `El lector se ignora ${Math.round(this.limits.throttleMs / 1000)} s: ${why}`;
    this.#inWindow = 0;
    this.#windowStart = this.#throttledUntil;
    return "throttled_now";
  }
}
