import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Sql } from "../db/sql.js";

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

/** An admitted attempt: call `succeeded()` when it worked, so only failures count against the keys. */
export interface Attempt {
  succeeded(): Promise<void>;
}

/**
 * Sliding-window limiter kept in PostgreSQL (`auth_attempts`, migration 0019), timed by the server's
 * clock, so every replica of the service behind a load balancer counts the same attempts.
 *
 * An attempt is counted the moment it is admitted (so 100 parallel guesses cannot all slip in before
 * the first one fails: admission takes each key's advisory lock and commits its row before the guess
 * runs) and handed back if it succeeds: only failures accumulate. A refused attempt is not counted, so
 * a lockout ends `windowMs` after the oldest failure no matter how hard a client keeps knocking.
 * `scope` keeps the counts of different doors (login, enroll, sign-up, reset) apart.
 */
export class AttemptLimiter {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
    private readonly scope: string,
    private readonly policy: RateLimitPolicy = BRUTE_FORCE_POLICY,
  ) {}

  /**
   * Admits an attempt made under every key in `keys` (e.g. the email and the client IP), or throws
   * 429 `too_many_attempts` with the seconds until the busiest key has room again.
   */
  async admit(keys: readonly string[], message: string): Promise<Attempt> {
    const attemptId = newId();
    const scoped = keys.map((k) => `${this.scope}:${k}`.slice(0, 300));
    const [row] = await this.sql.query<{ wait: string | number }>(
      "SELECT auth_attempt_admit($1, $2, $3, $4, $5) AS wait",
      [scoped, attemptId, this.clock.now(), this.policy.windowMs, this.policy.limit],
    );
    const waitMs = Number(row?.wait ?? 0);
    if (waitMs > 0)
      throw new CloudError("too_many_requests", "too_many_attempts", message, {
        retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
      });
    let settled = false;
    return {
      succeeded: async () => {
        if (settled) return;
        settled = true;
        await this.sql.query("SELECT auth_attempt_release($1)", [attemptId]);
      },
    };
  }
}

/**
 * Runs `fn` as one attempt: a success is handed back; a refusal (CloudError: wrong password, unknown
 * code) stays counted; an internal failure (database down) is handed back too, since it says nothing
 * about guessing. `countSuccesses`: every attempt stays counted (sign-up, reset requests: each one
 * creates rows or sends an email, so even successful ones are what a flood is made of).
 */
export async function limitedAttempt<T>(
  limiter: AttemptLimiter,
  keys: readonly string[],
  message: string,
  fn: () => Promise<T>,
  options: { countSuccesses?: boolean } = {},
): Promise<T> {
  const attempt = await limiter.admit(keys, message);
  try {
    const result = await fn();
    if (!options.countSuccesses) await attempt.succeeded();
    return result;
  } catch (err) {
    if (!(err instanceof CloudError)) await attempt.succeeded().catch(() => {});
    throw err;
  }
}
