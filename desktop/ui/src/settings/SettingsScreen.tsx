import { useEffect, useState } from "react";
import { get, patch } from "../api/client.js";
import type { ShopSettings } from "@mostrador/contracts/http/settings";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { recheckPrinter } from "../printer/printer-store.js";
import { useSession } from "../session/session-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { BackupSection } from "../backup/BackupSection.js";
import { LoyaltySection } from "../loyalty/LoyaltySection.js";
import { InvoicingSection } from "../invoicing/InvoicingSection.js";
import { MercadoPagoSection } from "../mercadopago/MercadoPagoSection.js";
import { PlanSection } from "../plan/PlanSection.js";
import { CloudSection } from "../sync/CloudSection.js";
import { TillsSection } from "../tills/TillsSection.js";
import { PrinterSection } from "./PrinterSection.js";
import { RegionSection } from "./RegionSection.js";
import { SalesSection } from "./SalesSection.js";
import { AuditPanel } from "../audit/AuditPanel.js";
import { CardReadersSection } from "../card-readers/CardReadersSection.js";
import { HomeAssistantSection } from "./HomeAssistantSection.js";
import { ScaleSection } from "./ScaleSection.js";
import { SecuritySection } from "./SecuritySection.js";
import { SettingsTextField } from "./SettingsTextField.js";
import { FIELD_TAB, SETTINGS_TABS, type SettingsTab, stepTab } from "./settings-tabs.js";
import {
  isSettingsProblem,
  type SettingsForm,
  settingsFormOf,
  settingsPatchOf,
  TEXT_LIMITS,
} from "./settings-form.js";
import "./settings.css";

/**
 * The owner's settings in tabs: shop data and region, sales rules and the PIN lockout, label-scale layouts,
 * the printer, Home Assistant, the cloud and the audit log. One form across the tabs: saving sends only what
 * changed (PATCH /api/settings); the server validates again and its refusal is shown next to Save. The
 * cards that act on their own buttons (Nube's pairing, Home Assistant's credentials) are outside that Save.
 * Keyboard: the arrow keys walk the tabs, Tab goes into the section.
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
  const [tab, setTab] = useState<SettingsTab>("shop");

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
        problem.reason === "printer_interface" ||
        problem.reason === "out_of_range" ||
        problem.reason === "duplicate_prefix"
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
      <div className="segmented inline settings-tabs" role="tablist" data-testid="settings-tabs">
        {SETTINGS_TABS.map((x) => (
          <button
            key={x.id}
            type="button"
            role="tab"
            id={`settings-tab-${x.id}`}
            aria-selected={tab === x.id}
            tabIndex={tab === x.id ? 0 : -1}
            className={tab === x.id ? "selected" : ""}
            data-testid={`settings-tab-${x.id}`}
            onClick={() => setTab(x.id)}
            onKeyDown={(e) => {
              if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
              e.preventDefault();
              const next = stepTab(tab, e.key === "ArrowRight" ? 1 : -1);
              setTab(next);
              document.getElementById(`settings-tab-${next}`)?.focus();
            }}
          >
            {t(x.label)}
            {problem && FIELD_TAB[problem.field] === x.id && x.id !== tab && (
              <span className="tab-problem" aria-label={t("settings.tabHasProblem")}>
                {" "}
                !
              </span>
            )}
          </button>
        ))}
      </div>
      {tab !== "audit" && (
        <div className="settings-grid" role="tabpanel" aria-labelledby={`settings-tab-${tab}`}>
          {tab === "shop" && (
            <>
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
              <RegionSection form={form} set={set} />
            </>
          )}
          {tab === "sales" && (
            <>
              <SalesSection form={form} set={set} problemOf={problemOf} />
              <SecuritySection form={form} set={set} problemOf={problemOf} />
            </>
          )}
          {tab === "scales" && <ScaleSection form={form} set={set} problemOf={problemOf} />}
          {tab === "printer" && (
            <PrinterSection form={form} set={set} problemOf={problemOf} unsaved={printerUnsaved} />
          )}
          {tab === "homeAssistant" && <HomeAssistantSection form={form} set={set} />}
          {tab === "cloud" && <CloudSection />}
          {tab === "tills" && <TillsSection />}
          {tab === "backup" && <BackupSection />}
          {tab === "loyalty" && <LoyaltySection />}
          {tab === "cardReaders" && <CardReadersSection />}
          {tab === "invoicing" && <InvoicingSection />}
          {tab === "mercadopago" && <MercadoPagoSection />}
          {tab === "plan" && <PlanSection />}
        </div>
      )}
      {tab === "audit" && <AuditPanel />}
      {(tab !== "audit" || dirty) && (
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
      )}
    </section>
  );
}
