import type { PrintFailure } from "@mostrador/contracts/http/receipts";
import type { EventBus } from "@mostrador/kernel/core/events";

/**
 * The last print that failed on this appliance, for the owner (Ajustes → Impresora), heard on the bus
 * ("printer.outcome", receipts/module.ts): a print that works clears it. Owned by the receipts routes of
 * one running appliance; nothing keeps it beside the bus.
 */
export class LastPrintFailure {
  #last: PrintFailure | null = null;
  readonly #off: () => void;

  constructor(bus: EventBus) {
    this.#off = bus.on("printer.outcome", ({ at, error }) => {
      this.#last = error === null ? null : { at, message: error };
    });
  }

  get current(): PrintFailure | null {
    return this.#last;
  }

  close(): void {
    this.#off();
  }
}
