import { create } from "zustand";
import { get } from "../api/client.js";
import type { PrinterStatus } from "@mostrador/contracts/http/receipts";

/** The nav bar re-reads the printer this often; a print attempt or a "Probar impresora" re-reads at once. */
export const PRINTER_POLL_MS = 30_000;

interface PrinterStore {
  /** Last answer of GET /api/printer/status; null before the first one or when the appliance did not answer. */
  status: PrinterStatus | null;
  checking: boolean;
  /** Re-reads the status; never throws (a failed read leaves status null, shown as "unknown"). */
  check(): Promise<PrinterStatus | null>;
}

export const usePrinter = create<PrinterStore>()((set) => {
  // Probing a missing TCP printer takes up to ~3 s: overlapping checks share one request.
  let inFlight: Promise<PrinterStatus | null> | null = null;
  return {
    status: null,
    checking: false,
    check: () => {
      if (inFlight) return inFlight;
      set({ checking: true });
      inFlight = get<PrinterStatus>("/api/printer/status")
        .catch(() => null)
        .then((status) => {
          set({ status, checking: false });
          inFlight = null;
          return status;
        });
      return inFlight;
    },
  };
});

/** Call after anything that talked to the printer (print, reprint, drawer): the dot follows what just happened. */
export function recheckPrinter(): void {
  void usePrinter.getState().check();
}
