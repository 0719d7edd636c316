import type { Clock } from "@mostrador/kernel/core/context";

export interface ConnectRateLimit {
  /** Connection attempts allowed per address within the window. */
  max: number;
  windowMs: number;
}

/** ESPHome reconnects every few seconds at worst; ten tries in ten seconds is a misbehaving or hostile peer. */
export const DEFAULT_CONNECT_RATE: ConnectRateLimit = { max: 10, windowMs: 10_000 };

/** Addresses kept before stale ones are swept, so a scan from many addresses cannot grow the map forever. */
const SWEEP_AT = 1_000;

/** Sliding-window count of CONNECT attempts per remote address (time from the gateway's clock). */
export class ConnectRateLimiter {
  readonly #attempts = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limit: ConnectRateLimit,
  ) {}

  /** Records an attempt from `address`; false when it exceeds the limit (the attempt still counts). */
  allow(address: string): boolean {
    const now = this.clock.now().getTime();
    const since = now - this.limit.windowMs;
    if (this.#attempts.size >= SWEEP_AT) this.#sweep(since);
    const recent = (this.#attempts.get(address) ?? []).filter((t) => t > since);
    recent.push(now);
    // Keep at most max+1 stamps: enough to decide, bounded whatever the peer does.
    this.#attempts.set(address, recent.slice(-(this.limit.max + 1)));
    return recent.length <= this.limit.max;
  }

  #sweep(since: number): void {
    for (const [address, stamps] of this.#attempts) {
      if (stamps.every((t) => t <= since)) this.#attempts.delete(address);
    }
  }
}
