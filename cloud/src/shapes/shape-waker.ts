import { EventEmitter } from "node:events";

/**
 * Wakes live shape requests (long-polls) of a tenant when its change log grows. Writers in this
 * process call `poke` after their commit; the long-poll also re-reads the log every `pollMs`, which
 * covers writes this process did not see (another instance, a raw SQL write, a commit that had not
 * landed yet when it was poked).
 */
class ShapeWaker {
  readonly #events = new EventEmitter();
  constructor() {
    // One listener per open long-poll: hundreds of tills of one tenant are normal, not a leak.
    this.#events.setMaxListeners(0);
  }

  poke(tenantId: string): void {
    this.#events.emit(tenantId);
  }

  /** Resolves on the next poke for the tenant, after `ms`, or when `signal` aborts — whichever is first. */
  wait(tenantId: string, ms: number, signal?: AbortSignal): Promise<void> {
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
