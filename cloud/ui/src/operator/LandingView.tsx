import {
  LANDING_RUBROS,
  type LeadMailState,
  SCORE_ACTIONS,
  type ScoredLeadsAnswer,
  type ScoreSettings,
  type ScoreThreshold,
} from "@mostrador/contracts/http/cloud-landing";
import { LEAD_STAGES, type LeadStage } from "@mostrador/contracts/http/cloud-operator";
import { type FormEvent, useEffect, useState } from "react";
import { useLoad } from "../api/use-load.js";
import { useLocale } from "../i18n/i18n.js";
import { opApi, opGet } from "./api.js";
import { formatDate, formatInstant } from "./format.js";
import { opErrorText, useOpT } from "./i18n.js";

/**
 * The console's Landing screen: every lead with its score (decay applied, highest first), stage and
 * the UTM that brought it; the notices of thresholds crossed; the rubro pages' links; the scoring rules.
 */
export function LandingView() {
  const t = useOpT();
  const locale = useLocale((s) => s.locale);
  const { data, error, reload } = useLoad(opGet<ScoredLeadsAnswer>, "/v1/operator/landing/leads");
  if (error)
    return (
      <p className="error" role="alert">
        {opErrorText(locale, error)}
      </p>
    );
  if (!data) return <p className="muted">{t("op.loading")}</p>;
  return (
    <section className="op-landing">
      <p className="toolbar">
        <strong>{t("op.landing.pages")}</strong>
        {LANDING_RUBROS.map((rubro) => (
          <a key={rubro} href={`/landing/${rubro}`} target="_blank" rel="noreferrer">
            {rubro}
          </a>
        ))}
      </p>
      {data.mailConfigured ? null : (
        <p className="error" role="status" data-testid="op-landing-mail-off">
          {t("op.landing.mailOff")}
        </p>
      )}
      {data.notices.length > 0 ? (
        <ul className="op-notices" data-testid="op-landing-notices">
          {data.notices.map((n) => (
            <li key={`${n.leadId}-${n.threshold}`}>
              {t("op.landing.notice", { business: n.businessName, threshold: n.threshold, score: n.score })}{" "}
              <span className="muted small">{formatInstant(n.at, locale)}</span>{" "}
              <span className="small" data-testid="op-landing-notice-emails">
                {[
                  n.emails.sent > 0 ? t("op.landing.noticeSent", { n: n.emails.sent }) : null,
                  n.emails.pending > 0 ? t("op.landing.noticePending", { n: n.emails.pending }) : null,
                  n.emails.failed > 0 ? t("op.landing.noticeFailed", { n: n.emails.failed }) : null,
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {data.leads.length === 0 ? (
        <p className="muted">{t("op.leads.none")}</p>
      ) : (
        <table data-testid="op-landing-leads">
          <thead>
            <tr>
              <th>{t("op.leads.business")}</th>
              <th>{t("op.leads.contact")}</th>
              <th>{t("op.leads.rubro")}</th>
              <th>{t("op.leads.stage")}</th>
              <th className="num">{t("op.landing.score")}</th>
              <th className="num">{t("op.landing.visits")}</th>
              <th>UTM</th>
              <th>{t("op.landing.welcome")}</th>
              <th>{t("op.tenants.signedUp")}</th>
            </tr>
          </thead>
          <tbody>
            {data.leads.map((lead) => (
              <tr key={lead.id} data-testid={`op-landing-lead-${lead.email ?? lead.id}`}>
                <td>{lead.businessName}</td>
                <td>
                  {[lead.contactName, lead.email, lead.phone].filter(Boolean).join(" · ")}
                  {lead.message ? <div className="muted small">{lead.message}</div> : null}
                </td>
                <td>{lead.rubro ?? "—"}</td>
                <td data-testid="op-landing-stage">{t(`op.stage.${lead.stage}`)}</td>
                <td className="num" data-testid="op-landing-score">
                  {lead.score}
                </td>
                <td className="num">{lead.visits}</td>
                <td data-testid="op-landing-utm">
                  {[lead.utm.source, lead.utm.medium, lead.utm.campaign, lead.utm.term, lead.utm.content]
                    .filter(Boolean)
                    .join(" / ") || "—"}
                </td>
                <td data-testid="op-landing-welcome">
                  <WelcomeMail mail={lead.welcomeMail} />
                </td>
                <td>{formatDate(lead.createdAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ScoreSettingsForm onSaved={reload} />
    </section>
  );
}

/** The welcome email's state: waiting, sent (then opened, clicked) or given up with the SMTP's reason. */
function WelcomeMail({ mail }: { mail: LeadMailState | null }) {
  const t = useOpT();
  if (!mail) return <>—</>;
  if (mail.status === "failed")
    return <span title={mail.error ?? undefined}>{t("op.landing.welcomeFailed")}</span>;
  if (mail.status === "pending")
    return <span title={mail.error ?? undefined}>{t("op.landing.welcomePending")}</span>;
  return (
    <>
      {[
        t("op.landing.welcomeSent"),
        mail.openedAt ? t("op.landing.welcomeOpened") : null,
        mail.clickedAt ? t("op.landing.welcomeClicked") : null,
      ]
        .filter(Boolean)
        .join(" · ")}
    </>
  );
}

function ScoreSettingsForm({ onSaved }: { onSaved(): void }) {
  const t = useOpT();
  const locale = useLocale((s) => s.locale);
  const { data, error: loadError } = useLoad(opGet<ScoreSettings>, "/v1/operator/landing/score-settings");
  const [form, setForm] = useState<ScoreSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setForm(data), [data]);
  if (loadError)
    return (
      <p className="error" role="alert">
        {opErrorText(locale, loadError)}
      </p>
    );
  if (!form) return null;
  const setThreshold = (i: number, change: Partial<ScoreThreshold>) =>
    setForm({ ...form, thresholds: form.thresholds.map((th, j) => (j === i ? { ...th, ...change } : th)) });
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      setForm(await opApi.put<ScoreSettings>("/v1/operator/landing/score-settings", form));
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(opErrorText(locale, err));
    }
  }
  return (
    <form className="op-score-settings" onSubmit={submit} data-testid="op-score-settings">
      <h2>{t("op.landing.rules")}</h2>
      <div className="toolbar">
        {SCORE_ACTIONS.map((action) => (
          <label key={action}>
            {t(`op.landing.action.${action}`)}
            <input
              type="number"
              min={0}
              max={1000}
              data-testid={`op-points-${action}`}
              value={form.points[action]}
              onChange={(e) =>
                setForm({ ...form, points: { ...form.points, [action]: Number(e.target.value) } })
              }
            />
          </label>
        ))}
        <label>
          {t("op.landing.halfLife")}
          <input
            type="number"
            min={1}
            max={365}
            data-testid="op-half-life"
            value={form.halfLifeDays}
            onChange={(e) => setForm({ ...form, halfLifeDays: Number(e.target.value) })}
          />
        </label>
      </div>
      <table>
        <caption>{t("op.landing.thresholds")}</caption>
        <thead>
          <tr>
            <th>{t("op.landing.score")}</th>
            <th>{t("op.landing.moveTo")}</th>
            <th>{t("op.landing.notify")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {form.thresholds.map((th, i) => (
            <tr key={i}>
              <td>
                <input
                  type="number"
                  min={1}
                  data-testid={`op-threshold-score-${i}`}
                  value={th.score}
                  onChange={(e) => setThreshold(i, { score: Number(e.target.value) })}
                />
              </td>
              <td>
                <select
                  value={th.stage ?? ""}
                  onChange={(e) => setThreshold(i, { stage: (e.target.value || null) as LeadStage | null })}
                >
                  <option value="">{t("op.landing.noMove")}</option>
                  {LEAD_STAGES.filter((s) => s !== "lost").map((s) => (
                    <option key={s} value={s}>
                      {t(`op.stage.${s}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  type="checkbox"
                  checked={th.notify}
                  onChange={(e) => setThreshold(i, { notify: e.target.checked })}
                />
              </td>
              <td>
                <button
                  type="button"
                  onClick={() => setForm({ ...form, thresholds: form.thresholds.filter((_, j) => j !== i) })}
                >
                  {t("op.landing.remove")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="toolbar">
        <button
          type="button"
          onClick={() =>
            setForm({
              ...form,
              thresholds: [
                ...form.thresholds,
                { score: (form.thresholds.at(-1)?.score ?? 0) + 50, stage: null, notify: true },
              ],
            })
          }
        >
          {t("op.landing.addThreshold")}
        </button>
        <button type="submit" className="primary" data-testid="op-score-save">
          {t("op.landing.save")}
        </button>
        {saved ? <span className="muted">{t("op.landing.saved")}</span> : null}
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
