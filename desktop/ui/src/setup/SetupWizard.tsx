import { ApiError } from "@mostrador/contracts/http-client";
import { type ReactNode, useMemo, useState } from "react";
import type { SetupAnswer } from "@mostrador/contracts/http/setup";
import { IVA_CONDITIONS, type IvaCondition } from "@mostrador/contracts/http/settings";
import { RUBROS, rubroPreset, type RubroId } from "@mostrador/contracts/setup/rubros";
import { post } from "../api/client.js";
import { useLocale } from "../i18n/locale-store.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import type { MessageKey } from "../i18n/i18n.js";
import { useSession } from "../session/session-store.js";
import { SHOP_TIME_ZONE_DEFAULT, timeZoneOptions } from "../settings/time-zones.js";
import { ErrorText } from "../shared/ErrorText.js";
import { SetupDone } from "./SetupDone.js";
import {
  formFieldOfServerField,
  initialSetupForm,
  SETUP_STEPS,
  type SetupForm,
  setupBody,
  stepOfServerField,
  stepProblems,
} from "./setup-form.js";
import "./setup.css";

interface Props {
  /** The wizard is over: the owner starts working (or the demo was loaded and the login screen follows). */
  onDone: () => void;
}

/**
 * The first run of an empty appliance (no owner yet): the shop, its owner and PIN, its tills and printer,
 * sent at once to POST /api/setup (all or nothing). Then the owner is logged in at the first till and may
 * print a test page and pair with the cloud. "Probar con datos de ejemplo" loads the demo almacén instead.
 */
export function SetupWizard({ onDone }: Props) {
  const t = useT();
  const format = useFormat();
  const locale = useLocale((s) => s.locale);
  const toggleLocale = useLocale((s) => s.toggle);
  const [step, setStep] = useState<number>(-1);
  const [form, setForm] = useState<SetupForm>(() => initialSetupForm(SHOP_TIME_ZONE_DEFAULT));
  const [shown, setShown] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [finished, setFinished] = useState<SetupAnswer | null>(null);
  const zones = useMemo(() => timeZoneOptions(form.timeZone), [form.timeZone]);

  const set = <K extends keyof SetupForm>(key: K, value: SetupForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const problem = (field: string) => shown[field] ?? null;

  const next = async () => {
    const current = SETUP_STEPS[step]!;
    const problems = stepProblems(current, form);
    const keys = Object.keys(problems);
    setShown(Object.fromEntries(keys.map((k) => [k, t(`setup.problem.${problems[k]!}` as MessageKey)])));
    if (keys.length > 0) return;
    if (step < SETUP_STEPS.length - 1) {
      setStep(step + 1);
      return;
    }
    await finish();
  };

  const finish = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await post<SetupAnswer>("/api/setup", setupBody(form, locale));
      const session = useSession.getState();
      await session.loadOptions();
      session.chooseTerminal(answer.terminals[0]!.id);
      await session.login(answer.ownerId, form.pin);
      setFinished(answer);
    } catch (e) {
      const field = e instanceof ApiError && typeof e.details.field === "string" ? e.details.field : null;
      const fields =
        e instanceof ApiError ? (e.details.fields as Record<string, string> | undefined) : undefined;
      if (field && fields) {
        // The appliance's per-field answers (Spanish), under their fields, on the step they belong to.
        setShown(Object.fromEntries(Object.entries(fields).map(([k, v]) => [formFieldOfServerField(k), v])));
        setStep(SETUP_STEPS.indexOf(stepOfServerField(field)));
      } else setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  const loadDemo = async () => {
    setBusy(true);
    setError(null);
    try {
      await post("/api/setup/demo");
      onDone();
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  if (finished) return <SetupDone form={form} onDone={onDone} />;

  const field = (name: keyof SetupForm, label: string, input: ReactNode) => (
    <label>
      {label}
      {input}
      <ErrorText text={problem(name)} testId={`setup-${name}-error`} />
    </label>
  );
  type TextField =
    "name" | "taxId" | "address" | "ownerName" | "printerHost" | "printerPort" | "pin" | "pinAgain";
  const text = (name: TextField, label: string, extra: object = {}, clean = (v: string) => v) =>
    field(
      name,
      label,
      <input
        data-testid={`setup-${name}`}
        value={form[name]}
        aria-invalid={problem(name) !== null}
        onChange={(e) => set(name, clean(e.target.value))}
        {...extra}
      />,
    );
  const pin = (name: "pin" | "pinAgain", label: string) =>
    text(name, label, { type: "password", inputMode: "numeric", maxLength: 8 }, (v) => v.replace(/\D/g, ""));

  const current = SETUP_STEPS[step];
  return (
    <main className="setup" data-testid="setup-wizard">
      <header className="setup-header">
        <h1>{t("setup.title")}</h1>
        <button type="button" data-testid="lang-toggle" onClick={toggleLocale}>
          {t("app.language")}
        </button>
      </header>
      {step === -1 && (
        <section className="card" data-testid="setup-welcome">
          <p>{t("setup.welcome")}</p>
          <div className="setup-actions">
            <button type="button" className="primary" data-testid="setup-start" onClick={() => setStep(0)}>
              {t("setup.start")}
            </button>
            <button type="button" data-testid="setup-demo" disabled={busy} onClick={() => void loadDemo()}>
              {t("setup.tryDemo")}
            </button>
          </div>
          <p className="muted">{t("setup.tryDemoHint")}</p>
        </section>
      )}
      {current && (
        <form
          className="card setup-step"
          data-testid={`setup-step-${current}`}
          onSubmit={(e) => {
            e.preventDefault();
            void next();
          }}
        >
          <p className="muted">{t("setup.stepOf", { n: step + 1, total: SETUP_STEPS.length })}</p>
          <h2>{t(`setup.step.${current}` as MessageKey)}</h2>
          {current === "shop" && (
            <>
              {text("name", t("setup.shopName"), { maxLength: 80, autoFocus: true })}
              {text("taxId", t("setup.taxId"), { placeholder: "20-12345678-6", inputMode: "numeric" })}
              {field(
                "ivaCondition",
                t("setup.ivaCondition"),
                <select
                  data-testid="setup-ivaCondition"
                  value={form.ivaCondition}
                  onChange={(e) => set("ivaCondition", e.target.value as IvaCondition)}
                >
                  {IVA_CONDITIONS.map((c) => (
                    <option key={c} value={c}>
                      {t(`setup.iva.${c}` as MessageKey)}
                    </option>
                  ))}
                </select>,
              )}
              {text("address", t("setup.address"), { maxLength: 160 })}
              {field(
                "timeZone",
                t("setup.timeZone"),
                <select
                  data-testid="setup-timeZone"
                  value={form.timeZone}
                  onChange={(e) => set("timeZone", e.target.value)}
                >
                  <optgroup label="Argentina">
                    {zones.argentina.map((z) => (
                      <option key={z} value={z}>
                        {z.replace("America/Argentina/", "").replaceAll("_", " ")}
                      </option>
                    ))}
                  </optgroup>
                  <optgroup label={t("settings.otherZones")}>
                    {zones.others.map((z) => (
                      <option key={z} value={z}>
                        {z.replaceAll("_", " ")}
                      </option>
                    ))}
                  </optgroup>
                </select>,
              )}
              {field(
                "rubro",
                t("setup.rubro"),
                <select
                  data-testid="setup-rubro"
                  value={form.rubro}
                  onChange={(e) => set("rubro", e.target.value as RubroId)}
                >
                  {RUBROS.map((r) => (
                    <option key={r.id} value={r.id}>
                      {t(`setup.rubro.${r.id}` as MessageKey)}
                    </option>
                  ))}
                </select>,
              )}
              <p className="muted" data-testid="setup-rubro-hint">
                {t("setup.rubroHint", {
                  unit: t(rubroPreset(form.rubro).defaultUnit === "kg" ? "setup.unitKg" : "setup.unitEach"),
                  footer: rubroPreset(form.rubro).receiptFooter,
                })}
              </p>
            </>
          )}
          {current === "owner" && (
            <>
              <p className="muted">{t("setup.ownerHint")}</p>
              {text("ownerName", t("setup.ownerName"), { maxLength: 60, autoFocus: true })}
              {pin("pin", t("staff.pin"))}
              {pin("pinAgain", t("staff.pinAgain"))}
            </>
          )}
          {current === "terminals" && (
            <>
              <p className="muted">{t("setup.terminalsHint")}</p>
              {form.terminals.map((till, i) => (
                <div className="setup-terminal" key={i} data-testid="setup-terminal">
                  <label>
                    {t("setup.terminalCode")}
                    <input
                      data-testid={`setup-terminal-code-${i}`}
                      inputMode="numeric"
                      value={till.code}
                      onChange={(e) =>
                        set(
                          "terminals",
                          form.terminals.map((x, j) => (j === i ? { ...x, code: e.target.value } : x)),
                        )
                      }
                    />
                    <ErrorText
                      text={problem(`terminals.${i}.code`)}
                      testId={`setup-terminal-code-${i}-error`}
                    />
                  </label>
                  <label>
                    {t("setup.terminalName")}
                    <input
                      data-testid={`setup-terminal-name-${i}`}
                      maxLength={40}
                      value={till.name}
                      onChange={(e) =>
                        set(
                          "terminals",
                          form.terminals.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)),
                        )
                      }
                    />
                  </label>
                  {form.terminals.length > 1 && (
                    <button
                      type="button"
                      data-testid={`setup-terminal-remove-${i}`}
                      onClick={() =>
                        set(
                          "terminals",
                          form.terminals.filter((_, j) => j !== i),
                        )
                      }
                    >
                      {t("setup.removeTerminal")}
                    </button>
                  )}
                </div>
              ))}
              <button
                type="button"
                data-testid="setup-terminal-add"
                onClick={() => {
                  const n = form.terminals.length + 1;
                  set("terminals", [...form.terminals, { code: String(n), name: `Caja ${n}` }]);
                }}
              >
                {t("setup.addTerminal")}
              </button>
            </>
          )}
          {current === "printer" && (
            <>
              <label className="inline">
                <input
                  type="radio"
                  name="printer"
                  data-testid="setup-printer-none"
                  checked={form.printer === "none"}
                  onChange={() => set("printer", "none")}
                />
                {t("setup.printerNone")}
              </label>
              <label className="inline">
                <input
                  type="radio"
                  name="printer"
                  data-testid="setup-printer-network"
                  checked={form.printer === "network"}
                  onChange={() => set("printer", "network")}
                />
                {t("setup.printerNetwork")}
              </label>
              {form.printer === "network" && (
                <>
                  {text("printerHost", t("setup.printerHost"), { placeholder: "192.168.0.50" })}
                  {text("printerPort", t("setup.printerPort"), { inputMode: "numeric" })}
                </>
              )}
            </>
          )}
          <ErrorText text={error} testId="setup-error" />
          <div className="setup-actions">
            <button type="button" data-testid="setup-back" disabled={busy} onClick={() => setStep(step - 1)}>
              {t("common.back")}
            </button>
            <button type="submit" className="primary" data-testid="setup-next" disabled={busy}>
              {step === SETUP_STEPS.length - 1 ? t("setup.finish") : t("setup.next")}
            </button>
          </div>
        </form>
      )}
      {step === -1 && <ErrorText text={error} testId="setup-error" />}
    </main>
  );
}
