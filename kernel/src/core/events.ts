import { EventEmitter } from "node:events";

/**
 * Everything the appliance announces after a commit, typed once. The kernel declares no event: each module
 * adds its own by declaration merging, in its manifest file (`module.ts`), e.g.
 * `declare module "@mostrador/kernel/core/events" { interface AppEvents { "sale.committed": {...} } }`, and lists the
 * ones tills and tablets hear on /api/events in its manifest's `events`. Payloads are small: listeners
 * re-read what they need.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AppEvents {}

export type AppEventName = keyof AppEvents;

/** Typed event bus: the only link between domains and shells (WebSocket, Electron). Emit only after commit. */
export class EventBus {
  readonly #emitter = new EventEmitter();

  emit<K extends AppEventName>(name: K, payload: AppEvents[K]): void {
    this.#emitter.emit(name, payload);
    this.#emitter.emit("*", name, payload);
  }

  on<K extends AppEventName>(name: K, listener: (payload: AppEvents[K]) => void): () => void {
    this.#emitter.on(name, listener);
    return () => this.#emitter.off(name, listener);
  }

  onAny(listener: <K extends AppEventName>(name: K, payload: AppEvents[K]) => void): () => void {
    this.#emitter.on("*", listener);
    return () => this.#emitter.off("*", listener);
  }
}
