import type { PrinterStatus } from "@mostrador/contracts/http/receipts";

/** What the nav-bar dot shows: green ready, grey nothing configured, red configured but not answering. */
export type PrinterLevel = "ok" | "unconfigured" | "unreachable" | "unknown";

/** `null` means the status could not be read at all (appliance unreachable): shown as unknown, not as a printer fault. */
export function printerLevel(status: PrinterStatus | null): PrinterLevel {
  if (!status) return "unknown";
  if (!status.configured) return "unconfigured";
  return status.reachable ? "ok" : "unreachable";
}
