import { useEffect } from "react";
import { useT } from "../i18n/use-i18n.js";
import { useSession } from "../session/session-store.js";
import { printerLevel } from "./printer-level.js";
import { PRINTER_POLL_MS, usePrinter } from "./printer-store.js";
import "./PrinterDot.css";

/**
 * A small dot in the nav bar: green ready, grey not configured, red not answering. Polled every 30 s while
 * someone is logged in; clicking it checks again. The tooltip is the server's sentence (what to do about it)
 * for whoever can fix it in Ajustes; anyone else is asked to tell the manager.
 */
export function PrinterDot() {
  const t = useT();
  const status = usePrinter((s) => s.status);
  const check = usePrinter((s) => s.check);
  const level = printerLevel(status);
  const canFix = useSession((s) => s.can("settings.edit"));

  useEffect(() => {
    void check();
    const timer = setInterval(() => void check(), PRINTER_POLL_MS);
    return () => clearInterval(timer);
  }, [check]);

  const detail =
    level === "ok" || level === "unknown" ? "" : canFix ? (status?.message ?? "") : t("printer.askManager");
  const label = `${t(`printer.${level}`)}${detail ? ` — ${detail}` : ""}`;
  return (
    <button
      type="button"
      tabIndex={-1}
      className="printer-dot"
      data-testid="printer-dot"
      data-state={level}
      title={label}
      aria-label={label}
      onClick={() => void check()}
    >
      <span className={`dot ${level}`} aria-hidden="true" />
      <span className="printer-dot-text">{t("printer.short")}</span>
    </button>
  );
}
