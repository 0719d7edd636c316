import type {
  ArcaEnvironment,
  Invoice,
  InvoicingMode,
  InvoicingPending,
  InvoicingSetup,
  InvoicingSetupPatch,
} from "@mostrador/contracts/http/invoicing";
import type { IvaCondition } from "@mostrador/contracts/http/settings";
import { useEffect, useState } from "react";
import { api, get, post } from "../api/client.js";
import type { MessageKey } from "../i18n/i18n.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { amountOf, MoneyInput } from "../shared/MoneyInput.js";
import { CertificateWarning } from "./CertificateBanner.js";

const IVA: IvaCondition[] = ["responsable_inscripto", "monotributo", "exento"];
const MODES: InvoicingMode[] = ["off", "every_sale", "on_request"];
const ENVIRONMENTS: ArcaEnvironment[] = ["homologacion", "produccion"];
const day = (yyyymmdd: string | null) =>
  yyyymmdd ? `${yyyymmdd.slice(6, 8)}/${yyyymmdd.slice(4, 6)}/${yyyymmdd.slice(0, 4)}` : "";
const pos = (text: string): number | null => (text.trim() === "" ? null : Math.trunc(Number(text)));

/**
 * Ajustes → Facturación (invoicing.manage): the shop's ARCA data, the key and CSR made on this PC, the
 * certificate ARCA returns, the puntos de venta, the mode and the DNI threshold; then what is pending
 * (comprobantes waiting for ARCA, failed, issued under CAEA and their report deadline). Saves on its own.
 */
export function InvoicingSection() {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const [setup, setSetup] = useState<InvoicingSetup | null>(null);
  const [pending, setPending] = useState<InvoicingPending | null>(null);
  const [form, setForm] = useState<Record<string, string>>({});
  const [alias, setAlias] = useState("mostrador");
  const [certificate, setCertificate] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = (s: InvoicingSetup) => {
    setSetup(s);
    setForm({
      cuit: s.cuit,
      ivaCondition: s.ivaCondition,
      legalName: s.legalName,
      activityStart: s.activityStart ?? "",
      environment: s.environment,
      caePointOfSale: s.caePointOfSale?.toString() ?? "",
      caeaPointOfSale: s.caeaPointOfSale?.toString() ?? "",
      mode: s.mode,
      dniThreshold: "",
    });
  };
  const refreshPending = () =>
    get<InvoicingPending>("/api/invoicing/pending")
      .then(setPending)
      .catch(() => setPending(null));

  // runs on mount, not on every render.
  useEffect(() => {
    get<InvoicingSetup>("/api/invoicing/setup")
      .then(load)
      .catch((e) => setError(format.error(e)));
    void refreshPending();
  }, []);

  if (!setup)
    return (
      <div className="card" data-testid="settings-invoicing">
        <h2>{t("invoicing.title")}</h2>
        <ErrorText text={error} testId="invoicing-error" />
        {!error && <p>{t("common.loading")}</p>}
      </div>
    );

  const act = async (action: () => Promise<InvoicingSetup | unknown>, done: MessageKey) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await action();
      if (answer && typeof answer === "object" && "missing" in answer) load(answer as InvoicingSetup);
      notify("info", t(done));
      await refreshPending();
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };
  const field = (name: string) => form[name] ?? "";
  const set = (name: string, value: string) => setForm((f) => ({ ...f, [name]: value }));

  const save = () => {
    const threshold = field("dniThreshold").trim()
      ? amountOf(field("dniThreshold"), "cash")
      : setup.dniThreshold;
    if (threshold === null) return;
    const body: InvoicingSetupPatch = {
      cuit: field("cuit").trim(),
      ivaCondition: field("ivaCondition") as IvaCondition,
      legalName: field("legalName").trim(),
      activityStart: field("activityStart") || null,
      environment: field("environment") as ArcaEnvironment,
      caePointOfSale: pos(field("caePointOfSale")),
      caeaPointOfSale: pos(field("caeaPointOfSale")),
      mode: field("mode") as InvoicingMode,
      dniThreshold: threshold,
    };
    void act(() => api<InvoicingSetup>("PUT", "/api/invoicing/setup", body), "invoicing.saved");
  };

  const row = (i: Invoice) => (
    <li key={i.id} data-testid="invoicing-pending-row">
      {i.letter ?? "?"}{" "}
      {i.pointOfSale && i.number
        ? `${String(i.pointOfSale).padStart(5, "0")}-${String(i.number).padStart(8, "0")}`
        : ""}{" "}
      {i.total !== null ? format.money(i.total) : ""} · {t(`invoicing.status.${i.status}` as MessageKey)}
      {i.lastError && <span className="error-text"> · {i.lastError}</span>}
    </li>
  );

  return (
    <div className="card invoicing-section" data-testid="settings-invoicing">
      <h2>{t("invoicing.title")}</h2>
      {setup.missing.length > 0 ? (
        <div className="banner warning" data-testid="invoicing-missing" role="status">
          {t("invoicing.missing")}
          <ul>
            {setup.missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="muted" data-testid="invoicing-ready">
          {t("invoicing.ready")}
        </p>
      )}
      {setup.certificate && setup.certificate.daysLeft <= 30 && (
        <CertificateWarning daysLeft={setup.certificate.daysLeft} testId="invoicing-certificate-expiry" />
      )}
      {setup.clock.warning && (
        <p className="banner warning" data-testid="invoicing-clock">
          {setup.clock.warning}
        </p>
      )}
      <label>
        {t("invoicing.cuit")}
        <input
          value={field("cuit")}
          maxLength={13}
          data-testid="invoicing-cuit"
          onChange={(e) => set("cuit", e.target.value)}
        />
      </label>
      <label>
        {t("invoicing.legalName")}
        <input
          value={field("legalName")}
          maxLength={120}
          data-testid="invoicing-legal-name"
          onChange={(e) => set("legalName", e.target.value)}
        />
      </label>
      <label>
        {t("invoicing.ivaCondition")}
        <select
          value={field("ivaCondition")}
          data-testid="invoicing-iva"
          onChange={(e) => set("ivaCondition", e.target.value)}
        >
          {IVA.map((c) => (
            <option key={c} value={c}>
              {t(`invoicing.iva.${c}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("invoicing.activityStart")}
        <input
          type="date"
          value={field("activityStart")}
          data-testid="invoicing-activity-start"
          onChange={(e) => set("activityStart", e.target.value)}
        />
      </label>
      <label>
        {t("invoicing.caePointOfSale")}
        <input
          type="number"
          min={1}
          max={99998}
          value={field("caePointOfSale")}
          data-testid="invoicing-cae-pos"
          onChange={(e) => set("caePointOfSale", e.target.value)}
        />
      </label>
      <label>
        {t("invoicing.caeaPointOfSale")}
        <input
          type="number"
          min={1}
          max={99998}
          value={field("caeaPointOfSale")}
          data-testid="invoicing-caea-pos"
          onChange={(e) => set("caeaPointOfSale", e.target.value)}
        />
        <span className="hint">{t("invoicing.caeaHint")}</span>
      </label>
      <label>
        {t("invoicing.mode")}
        <select
          value={field("mode")}
          data-testid="invoicing-mode"
          onChange={(e) => set("mode", e.target.value)}
        >
          {MODES.map((m) => (
            <option key={m} value={m}>
              {t(`invoicing.mode.${m}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("invoicing.dniThreshold")}
        <MoneyInput
          testId="invoicing-dni-threshold"
          field="cash"
          placeholder={format.money(setup.dniThreshold)}
          value={field("dniThreshold")}
          onChange={(v) => set("dniThreshold", v)}
        />
      </label>
      <label>
        {t("invoicing.environment")}
        <select
          value={field("environment")}
          data-testid="invoicing-environment"
          onChange={(e) => set("environment", e.target.value)}
        >
          {ENVIRONMENTS.map((x) => (
            <option key={x} value={x}>
              {t(`invoicing.environment.${x}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <div className="row-form">
        <button type="button" className="primary" data-testid="invoicing-save" disabled={busy} onClick={save}>
          {t("invoicing.save")}
        </button>
      </div>

      <h3>{t("invoicing.certificateTitle")}</h3>
      <label>
        {t("invoicing.alias")}
        <input
          value={alias}
          maxLength={60}
          data-testid="invoicing-alias"
          onChange={(e) => setAlias(e.target.value)}
        />
      </label>
      <button
        type="button"
        data-testid="invoicing-generate-key"
        disabled={busy}
        onClick={() =>
          void act(
            () => post<InvoicingSetup>("/api/invoicing/key", { commonName: alias.trim() }),
            "invoicing.keyGenerated",
          )
        }
      >
        {setup.hasKey ? t("invoicing.regenerateKey") : t("invoicing.generateKey")}
      </button>
      {setup.csrPem && (
        <label>
          {t("invoicing.csr")}
          <textarea readOnly rows={6} value={setup.csrPem} data-testid="invoicing-csr" />
          <span className="hint">{t("invoicing.csrHint")}</span>
        </label>
      )}
      {setup.certificate && (
        <p data-testid="invoicing-certificate" className={setup.certificate.expired ? "error-text" : "muted"}>
          {t(setup.certificate.expired ? "invoicing.certificateExpired" : "invoicing.certificateValid", {
            until: format.dateTime(setup.certificate.validTo),
          })}
        </p>
      )}
      {setup.hasKey && (
        <>
          <label>
            {t("invoicing.certificatePaste")}
            <textarea
              rows={6}
              value={certificate}
              data-testid="invoicing-certificate-pem"
              onChange={(e) => setCertificate(e.target.value)}
            />
          </label>
          <button
            type="button"
            data-testid="invoicing-install-certificate"
            disabled={busy || !certificate.trim()}
            onClick={() =>
              void act(async () => {
                const s = await post<InvoicingSetup>("/api/invoicing/certificate", { pem: certificate });
                setCertificate("");
                return s;
              }, "invoicing.certificateInstalled")
            }
          >
            {t("invoicing.installCertificate")}
          </button>
        </>
      )}
      <ErrorText text={error} testId="invoicing-error" />

      <h3>{t("invoicing.pendingTitle")}</h3>
      {pending && (
        <div data-testid="invoicing-pending">
          {pending.caeas.map((c) => (
            <p key={c.caea} className={c.toReport > 0 ? "warning" : "muted"} data-testid="invoicing-caea">
              {t("invoicing.caeaLine", {
                caea: c.caea,
                from: day(c.validFrom),
                to: day(c.validTo),
                reportBy: day(c.reportBy),
                count: String(c.toReport),
              })}
            </p>
          ))}
          {pending.waiting.length + pending.failed.length + pending.caeaToReport.length === 0 ? (
            <p className="muted">{t("invoicing.nothingPending")}</p>
          ) : (
            <ul>{[...pending.failed, ...pending.waiting, ...pending.caeaToReport].map(row)}</ul>
          )}
          <button
            type="button"
            data-testid="invoicing-run"
            disabled={busy}
            onClick={() => void act(() => post("/api/invoicing/run", {}), "invoicing.ran")}
          >
            {t("invoicing.runNow")}
          </button>
        </div>
      )}
    </div>
  );
}
