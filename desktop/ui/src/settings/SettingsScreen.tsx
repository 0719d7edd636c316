import { useEffect, useState } from "react";
import { get, patch } from "../api/client.js";
import type { ShopSettings } from "@mostrador/contracts/http/settings";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { recheckPrinter } from "../printer/printer-store.js";
import { useSession } from "../session/session-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { BackupSection } from "../backup/BackupSection.js";
import { CloudSection } from "../sync/CloudSection.js";
import { PrinterSection } from "./PrinterSection.js";
import { RegionSection } from "./RegionSection.js";
import { SalesSection } from "./SalesSection.js";
import { SettingsTextField } from "./SettingsTextField.js";
import {
  isSettingsProblem,
  type SettingsForm,
  settingsFormOf,
  settingsPatchOf,
  TEXT_LIMITS,
} from "./settings-form.js";
import "./settings.css";

/**
 * The owner's settings: shop data for the receipt, region, sales rules and the printer. Saving sends only
 * what changed (PATCH /api/settings); the server validates again and its refusal is shown next to Save.
 * The "Nube" card (pairing with the cloud) acts on its own buttons, outside that Save.
 */
export function SettingsScreen() {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const setSessionSettings = useSession((s) => s.setSettings);
  const [current, setCurrent] = useState<ShopSettings | null>(null);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = (settings: ShopSettings) => {
    setCurrent(settings);
    setForm(settingsFormOf(settings));
  };

  // runs on mount, not on every render.
  useEffect(() => {
    get<ShopSettings>("/api/settings")
      .then(load)
      .catch((e) => setError(format.error(e)));
  }, []);

  if (!current || !form) {
    return (
      <section className="screen" data-testid="settings-screen">
        <h1>{t("settings.title")}</h1>
        <ErrorText text={error} testId="settings-error" />
        {!error && <p>{t("common.loading")}</p>}
      </section>
    );
  }

  const result = settingsPatchOf(form, current);
  const problem = isSettingsProblem(result) ? result : null;
  const changes = isSettingsProblem(result) ? null : result;
  const dirty = JSON.stringify(form) !== JSON.stringify(settingsFormOf(current));
  const problemOf = (field: keyof SettingsForm) =>
    problem?.field === field
      ? problem.reason === "required" ||
        problem.reason === "too_long" ||
        problem.reason === "cuit" ||
        problem.reason === "printer_interface"
        ? t(`settings.problem.${problem.reason}`)
        : t(`input.${problem.reason}`)
      : null;
  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) =>
    setForm((f) => (f ? { ...f, [key]: value } : f));

  const save = async () => {
    if (!changes || Object.keys(changes).length === 0 || busy) return;
    setBusy(true);
    setError(null);
    try {
      const next = await patch<ShopSettings>("/api/settings", changes);
      load(next);
      setSessionSettings(next);
      notify("info", t("settings.saved"));
      if (changes.printer) recheckPrinter();
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  const text = (
    field: "name" | "legalName" | "taxId" | "address" | "receiptFooter",
    placeholder?: string,
  ) => (
    <SettingsTextField
      label={t(`settings.${field}`)}
      value={form[field]}
      maxLength={TEXT_LIMITS[field]}
      testId={`settings-${field}`}
      multiline={field === "receiptFooter"}
      placeholder={placeholder}
      problem={problemOf(field)}
      onChange={(v) => set(field, v)}
    />
  );

  const printerUnsaved =
    form.printerInterface.trim() !== current.printer.interface ||
    form.printerType !== current.printer.type ||
    form.printerWidthMm !== current.printer.widthMm ||
    form.openDrawerOnCash !== current.printer.openDrawerOnCash;

  return (
    <section className="screen settings-screen" data-testid="settings-screen">
      <h1>{t("settings.title")}</h1>
      <div className="settings-grid">
        <div className="settings-column">
          <div className="card">
            <h2>{t("settings.shop")}</h2>
            {text("name")}
            <div className="form-grid legal">
              {text("legalName")}
              {text("taxId", "30-12345678-9")}
            </div>
            {text("address")}
            {text("receiptFooter")}
          </div>
          <SalesSection form={form} set={set} problemOf={problemOf} />
        </div>
        <div className="settings-column">
          <RegionSection form={form} set={set} />
          <PrinterSection form={form} set={set} problemOf={problemOf} unsaved={printerUnsaved} />
          <CloudSection />
          <BackupSection />
        </div>
      </div>
      <div className="save-bar">
        <span className={dirty ? "warning" : "muted"} data-testid="settings-state">
          {dirty ? t("settings.unsaved") : t("settings.noChanges")}
        </span>
        <ErrorText text={error} testId="settings-error" />
        <span className="grow" />
        <button
          type="button"
          data-testid="settings-discard"
          disabled={!dirty || busy}
          onClick={() => {
            setForm(settingsFormOf(current));
            setError(null);
          }}
        >
          {t("settings.discard")}
        </button>
        <button
          type="button"
          className="primary"
          data-testid="settings-save"
          disabled={busy || !changes || Object.keys(changes).length === 0}
          onClick={() => void save()}
        >
          {t("settings.save")}
        </button>
      </div>
    </section>
  );
}
