import { EventEmitter } from "node:events";

/**
 * Wakes live shape requests (long-polls) of a tenant when its change log grows. Writers in this
 * process call `poke` after their commit, and the shapes module pokes on PostgreSQL's NOTIFY
 * (shape-log-listener.ts), which covers every committed write: other instances, ingest, raw SQL. The
 * long-poll also re-reads the log every `pollMs`, a safety net for a lost database connection.
 *
 * A long-poll reads the log, finds nothing, then waits. A poke that lands between that read and the
 * wait must not be lost (it was: the till then waited a whole `pollMs`, the 0.5 s live-edit outliers
 * of issue 21). So every poke bumps the tenant's count; a reader takes `seen(tenant)` BEFORE its read
 * and hands it to `wait`, which returns at once when the count has moved since.
 */
class ShapeWaker {
  readonly #events = new EventEmitter();
  readonly #pokes = new Map<string, number>();
  /** LISTENs on the shape log that hold right now (shape-log-listener.ts; one per cloud in this process). */
  #listening = 0;
  constructor() {
    // One listener per open long-poll: hundreds of tills of one tenant are normal, not a leak.
    this.#events.setMaxListeners(0);
  }

  poke(tenantId: string): void {
    this.#pokes.set(tenantId, (this.#pokes.get(tenantId) ?? 0) + 1);
    this.#events.emit(tenantId);
  }

  /**
   * Whether every committed change of the log reaches `poke` (a LISTEN holds). Then a waiting long-poll
   * needs no periodic re-read: it sleeps until a poke or its deadline. Without it (a connection lost, a
   * server built without its modules' start) the re-read every `pollMs` is what finds changes. With a
   * thousand tills holding a dozen long-polls each, those re-reads were 24,000 transactions a second of
   * nothing (docs/benchmarks.md, "Load").
   */
  get listening(): boolean {
    return this.#listening > 0;
  }

  /** A LISTEN started holding (true) or was lost (false). Regained, it wakes every waiting long-poll. */
  listenerState(holds: boolean): void {
    this.#listening = Math.max(0, this.#listening + (holds ? 1 : -1));
    // What was committed while no LISTEN held was never notified: every waiting long-poll re-reads once.
    if (holds) this.pokeAll();
  }

  /** Wakes every waiting long-poll of every tenant (each re-reads its log once). */
  pokeAll(): void {
    for (const tenantId of this.#events.eventNames()) this.poke(String(tenantId));
  }

  /** The tenant's poke count: take it before reading the log, and pass it to `wait`. */
  seen(tenantId: string): number {
    return this.#pokes.get(tenantId) ?? 0;
  }

  /**
   * Resolves at once if the tenant was poked since `seen`; otherwise on the next poke, after `ms`, or
   * when `signal` aborts, whichever is first.
   */
  wait(tenantId: string, seen: number, ms: number, signal?: AbortSignal): Promise<void> {
    if (this.seen(tenantId) !== seen || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#events.off(tenantId, done);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#events.on(tenantId, done);
      signal?.addEventListener("abort", done);
    });
  }
}

export const shapeWaker = new ShapeWaker();
