import { useEffect, useState } from "react";
import { post } from "../api/client.js";
import type { PrinterSettings } from "@mostrador/contracts/http/settings";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { printerLevel } from "../printer/printer-level.js";
import { recheckPrinter, usePrinter } from "../printer/printer-store.js";
import { SettingsTextField } from "./SettingsTextField.js";
import type { SettingsForm } from "./settings-form.js";
import { TEXT_LIMITS } from "./settings-form.js";

interface Props {
  form: SettingsForm;
  set: <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => void;
  problemOf: (field: keyof SettingsForm) => string | null;
  /** The printer fields differ from what is saved: the test would check the old printer. */
  unsaved: boolean;
}

const WIDTHS: PrinterSettings["widthMm"][] = [80, 58];

/**
 * Where the receipts go (network or USB), its command set and paper, the drawer kick, the printer's state
 * (not configured, not answering, the last print that failed: what a cashier was told to tell the owner),
 * and "Probar impresora", which prints a real test page (and opens the drawer only when ticked).
 */
export function PrinterSection({ form, set, problemOf, unsaved }: Props) {
  const t = useT();
  const format = useFormat();
  const status = usePrinter((s) => s.status);
  const [testing, setTesting] = useState(false);
  const [testDrawer, setTestDrawer] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const level = printerLevel(status);

  // The owner opens Ajustes to learn what the cashiers were told: read the state now, not in 30 s.
  useEffect(recheckPrinter, []);

  const test = async () => {
    setTesting(true);
    setResult(null);
    try {
      await post("/api/printer/test", { openDrawer: testDrawer });
      setResult({ ok: true, text: t(testDrawer ? "settings.testPrintedDrawer" : "settings.testPrinted") });
    } catch (e) {
      setResult({ ok: false, text: format.error(e) });
    } finally {
      setTesting(false);
      recheckPrinter();
    }
  };

  return (
    <div className="card" data-testid="settings-printer">
      <h2>{t("settings.printer")}</h2>
      <p
        className={level === "ok" ? "ok-text" : level === "unknown" ? "muted" : "warning"}
        data-testid="printer-status"
        data-state={level}
        role="status"
      >
        {level === "unconfigured"
          ? t("settings.printerNotConfigured")
          : level === "unknown"
            ? t("printer.unknown")
            : (status?.message ?? "")}
      </p>
      {status?.lastError && (
        <p className="warning" data-testid="printer-last-error">
          {t("settings.printerLastError", {
            time: format.dateTime(status.lastError.at),
            message: status.lastError.message,
          })}
        </p>
      )}
      <SettingsTextField
        label={t("settings.printerInterface")}
        value={form.printerInterface}
        maxLength={TEXT_LIMITS.printerInterface}
        testId="settings-printerInterface"
        placeholder="tcp://192.168.0.50:9100"
        hint={t("settings.printerInterfaceHint")}
        problem={problemOf("printerInterface")}
        onChange={(v) => set("printerInterface", v)}
      />
      <div className="form-grid">
        <label>
          {t("settings.printerType")}
          <select
            value={form.printerType}
            data-testid="settings-printerType"
            onChange={(e) => set("printerType", e.target.value as PrinterSettings["type"])}
          >
            <option value="epson">Epson (ESC/POS)</option>
            <option value="star">Star</option>
          </select>
        </label>
        <label>
          {t("settings.printerWidthMm")}
          <select
            value={form.printerWidthMm}
            data-testid="settings-printerWidthMm"
            onChange={(e) => set("printerWidthMm", Number(e.target.value) as PrinterSettings["widthMm"])}
          >
            {WIDTHS.map((w) => (
              <option key={w} value={w}>
                {w} mm
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={form.openDrawerOnCash}
          data-testid="settings-openDrawerOnCash"
          onChange={(e) => set("openDrawerOnCash", e.target.checked)}
        />
        {t("settings.openDrawerOnCash")}
      </label>
      <div className="row-form">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={testDrawer}
            data-testid="printer-test-drawer"
            onChange={(e) => setTestDrawer(e.target.checked)}
          />
          {t("settings.testOpensDrawer")}
        </label>
        <button type="button" data-testid="printer-test" disabled={testing} onClick={() => void test()}>
          {testing ? t("settings.testing") : t("settings.testPrinter")}
        </button>
        {result && (
          <span className={result.ok ? "ok-text" : "warning"} data-testid="printer-test-result">
            {result.text}
          </span>
        )}
      </div>
      {unsaved && <p className="hint">{t("settings.testUsesSaved")}</p>}
    </div>
  );
}
