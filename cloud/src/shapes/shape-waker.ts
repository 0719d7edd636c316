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
  constructor() {
    // One listener per open long-poll: hundreds of tills of one tenant are normal, not a leak.
    this.#events.setMaxListeners(0);
  }

  poke(tenantId: string): void {
    this.#pokes.set(tenantId, (this.#pokes.get(tenantId) ?? 0) + 1);
    this.#events.emit(tenantId);
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
