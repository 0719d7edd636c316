import type { AlarmStatus } from "@mostrador/contracts/alarms";
import { EventEmitter } from "node:events";

/** Everything the appliance announces after a commit. Payloads are small: listeners re-read what they need. */
export interface AppEvents {
  "sale.committed": { saleId: string; terminalId: string; number: number; total: number };
  "sale.voided": { saleId: string; terminalId: string };
  "return.committed": { returnId: string; saleId: string; total: number };
  "stock.changed": { productIds: string[] };
  "cash.changed": { sessionId: string; terminalId: string; status: "open" | "closed" };
  "catalog.changed": { productIds: string[] };
  /** Shop settings were changed (staff/settings-changes.ts); listeners re-read what they need. */
  "settings.changed": { keys: string[] };
  /** An IoT alarm was raised, updated, acknowledged or cleared (gateway/src/alarms). */
  "alarm.changed": {
    alarmId: string;
    status: AlarmStatus;
    severity: number;
    ruleId: string | null;
    deviceId: string;
  };
}

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
