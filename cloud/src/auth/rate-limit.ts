import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";

/** How many attempts a key may make within a sliding window. */
export interface RateLimitPolicy {
  limit: number;
  windowMs: number;
}

/**
 * 10 attempts per 15 minutes per key: a person who mistypes a password or a pairing code a few
 * times is never stopped, a script guessing passwords gets 40 tries an hour per email.
 */
export const BRUTE_FORCE_POLICY: RateLimitPolicy = { limit: 10, windowMs: 15 * 60 * 1000 };

/** Past this many tracked keys, idle keys are swept (and, failing that, the oldest dropped). */
const MAX_TRACKED_KEYS = 100_000;

/** An admitted attempt: call `succeeded()` when it worked, so only failures count against the keys. */
export interface Attempt {
  succeeded(): void;
}

/**
 * In-memory sliding-window limiter, one per server instance, timed by the server's clock.
 *
 * An attempt is counted the moment it is admitted (so 100 parallel guesses cannot all slip in before
 * the first one fails) and handed back if it succeeds: only failures accumulate. A refused attempt
 * is not counted, so a lockout ends `windowMs` after the oldest failure no matter how hard a client
 * keeps knocking.
 *
 * Single process only: with several cloud instances behind a load balancer each keeps its own
 * counts, so a shared store (Redis, or a Postgres table) is needed to keep the same limit.
 */
export class AttemptLimiter {
  readonly #clock: Clock;
  readonly #policy: RateLimitPolicy;
  /** key → times (ms) of the attempts still inside the window, oldest first. */
  readonly #attempts = new Map<string, number[]>();

  constructor(clock: Clock, policy: RateLimitPolicy = BRUTE_FORCE_POLICY) {
    this.#clock = clock;
    this.#policy = policy;
  }

  /** The live attempts of `key` (expired ones dropped). */
  #live(key: string, now: number): number[] {
    const times = this.#attempts.get(key);
    if (!times) return [];
    const live = times.filter((t) => t > now - this.#policy.windowMs);
    if (live.length === 0) this.#attempts.delete(key);
    else this.#attempts.set(key, live);
    return live;
  }

  /**
   * Admits an attempt made under every key in `keys` (e.g. the email and the client IP), or throws
   * 429 `too_many_attempts` with the seconds until the busiest key has room again. Synchronous
   * check-and-count: nothing can interleave between deciding and counting.
   */
  admit(keys: readonly string[], message: string): Attempt {
    const now = this.#clock.now().getTime();
    let waitMs = 0;
    for (const key of keys) {
      const live = this.#live(key, now);
      if (live.length >= this.#policy.limit) {
        const oldest = live[live.length - this.#policy.limit] as number;
        waitMs = Math.max(waitMs, oldest + this.#policy.windowMs - now);
      }
    }
    if (waitMs > 0)
      throw new CloudError("too_many_requests", "too_many_attempts", message, {
        retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
      });
    this.#sweepIfLarge(now);
    for (const key of keys) {
      const times = this.#attempts.get(key) ?? [];
      times.push(now);
      this.#attempts.set(key, times);
    }
    let settled = false;
    return {
      succeeded: () => {
        if (settled) return;
        settled = true;
        for (const key of keys) {
          const times = this.#attempts.get(key);
          const at = times?.lastIndexOf(now) ?? -1;
          if (times && at >= 0) times.splice(at, 1);
          if (times?.length === 0) this.#attempts.delete(key);
        }
      },
    };
  }

  /** Keys tracked right now (for tests and monitoring). */
  get size(): number {
    return this.#attempts.size;
  }

  /** Bounds memory against a flood of distinct keys (random emails): idle keys first, then the oldest. */
  #sweepIfLarge(now: number): void {
    if (this.#attempts.size < MAX_TRACKED_KEYS) return;
    for (const key of [...this.#attempts.keys()]) this.#live(key, now);
    for (const key of this.#attempts.keys()) {
      if (this.#attempts.size < MAX_TRACKED_KEYS) break;
      this.#attempts.delete(key);
    }
  }
}

/**
 * Runs `fn` as one attempt: a success is handed back; a refusal (CloudError: wrong password, unknown
 * code) stays counted; an internal failure (database down) is handed back too, since it says nothing
 * about guessing.
 */
export async function limitedAttempt<T>(
  limiter: AttemptLimiter,
  keys: readonly string[],
  message: string,
  fn: () => Promise<T>,
): Promise<T> {
  const attempt = limiter.admit(keys, message);
  try {
    const result = await fn();
    attempt.succeeded();
    return result;
  } catch (err) {
    if (!(err instanceof CloudError)) attempt.succeeded();
    throw err;
  }
}
