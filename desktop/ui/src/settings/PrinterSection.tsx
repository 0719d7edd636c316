import { useState } from "react";
import type { PrinterSettings } from "../api/types.js";
import { useT } from "../i18n/use-i18n.js";
import { printerLevel } from "../printer/printer-level.js";
import { usePrinter } from "../printer/printer-store.js";
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

/** Where the receipts go (network or USB), its command set and paper, the drawer kick, and a live check. */
export function PrinterSection({ form, set, problemOf, unsaved }: Props) {
  const t = useT();
  const check = usePrinter((s) => s.check);
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const test = async () => {
    setTesting(true);
    setResult(null);
    const status = await check();
    setResult({
      ok: printerLevel(status) === "ok",
      text: status?.message ?? t("printer.unknown"),
    });
    setTesting(false);
  };

  return (
    <div className="card" data-testid="settings-printer">
      <h2>{t("settings.printer")}</h2>
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
