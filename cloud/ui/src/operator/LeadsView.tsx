import type { Lead, LeadsAnswer } from "@mostrador/contracts/http/cloud-operator";
import { type FormEvent, useState } from "react";
import { useLoad } from "../api/use-load.js";
import { useLocale } from "../i18n/i18n.js";
import { opApi, opGet } from "./api.js";
import { formatBasis, formatDate } from "./format.js";
import { opErrorText, useOpT } from "./i18n.js";
import { LeadPanel } from "./LeadPanel.js";

/** The operator's pipeline: leads (overdue tasks first), a new lead, conversion by stage and rubro. */
export function LeadsView() {
  const t = useOpT();
  const locale = useLocale((s) => s.locale);
  const { data, error, reload } = useLoad(opGet<LeadsAnswer>, "/v1/operator/leads");
  const [openId, setOpenId] = useState<string | null>(null);
  if (error)
    return (
      <p className="error" role="alert">
        {opErrorText(locale, error)}
      </p>
    );
  if (!data) return <p className="muted">{t("op.loading")}</p>;
  return (
    <section className="op-leads">
      <NewLeadForm
        onCreated={(lead) => {
          reload();
          setOpenId(lead.id);
        }}
      />
      {data.leads.length === 0 ? (
        <p className="muted">{t("op.leads.none")}</p>
      ) : (
        <table data-testid="op-leads">
          <thead>
            <tr>
              <th>{t("op.leads.business")}</th>
              <th>{t("op.leads.rubro")}</th>
              <th>{t("op.leads.stage")}</th>
              <th>{t("op.leads.source")}</th>
              <th>{t("op.leads.tasks")}</th>
              <th>{t("op.tenants.signedUp")}</th>
            </tr>
          </thead>
          <tbody>
            {data.leads.map((lead) => (
              <tr key={lead.id} data-testid={`op-lead-${lead.email ?? lead.id}`}>
                <td>
                  <button type="button" className="link" onClick={() => setOpenId(lead.id)}>
                    {lead.businessName}
                  </button>
                  {lead.tenantId ? <span className="badge online small">{t("op.leads.tenant")}</span> : null}
                </td>
                <td>{lead.rubro ?? "—"}</td>
                <td data-testid="op-lead-stage">{t(`op.stage.${lead.stage}`)}</td>
                <td>{t(`op.source.${lead.source}`)}</td>
                <td>
                  {lead.openTasks}
                  {lead.overdueTasks > 0 ? (
                    <span className="badge danger" data-testid="op-lead-overdue">
                      {t("op.leads.overdue", { count: lead.overdueTasks })}
                    </span>
                  ) : null}
                </td>
                <td>{formatDate(lead.createdAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {openId ? <LeadPanel id={openId} onChanged={reload} onClose={() => setOpenId(null)} /> : null}
      <div className="op-charts">
        <table data-testid="op-conversion-stage">
          <caption>{t("op.leads.byStage")}</caption>
          <thead>
            <tr>
              <th>{t("op.leads.stage")}</th>
              <th className="num">{t("op.leads.reached")}</th>
              <th className="num">%</th>
            </tr>
          </thead>
          <tbody>
            {data.conversion.byStage.map((s) => (
              <tr key={s.stage}>
                <td>{t(`op.stage.${s.stage}`)}</td>
                <td className="num">{s.reached}</td>
                <td className="num">{formatBasis(s.share, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table data-testid="op-conversion-rubro">
          <caption>{t("op.leads.byRubro")}</caption>
          <thead>
            <tr>
              <th>{t("op.leads.rubro")}</th>
              <th className="num">Leads</th>
              <th className="num">{t("op.leads.won")}</th>
              <th className="num">%</th>
            </tr>
          </thead>
          <tbody>
            {data.conversion.byRubro.map((r) => (
              <tr key={r.rubro}>
                <td>{r.rubro || t("op.leads.noRubro")}</td>
                <td className="num">{r.leads}</td>
                <td className="num">{r.won}</td>
                <td className="num">{formatBasis(r.conversion, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function NewLeadForm({ onCreated }: { onCreated(lead: Lead): void }) {
  const t = useOpT();
  const locale = useLocale((s) => s.locale);
  const empty = { businessName: "", contactName: "", email: "", phone: "", rubro: "" };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState<string | null>(null);
  const field = (key: keyof typeof empty, label: string, type = "text", max = 120) => (
    <label>
      {label}
      <input
        data-testid={`op-new-lead-${key}`}
        type={type}
        value={form[key]}
        maxLength={max}
        required={key === "businessName"}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </label>
  );
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    // Only what was typed: an empty optional field is left out, not sent empty.
    const body = Object.fromEntries(
      Object.entries(form)
        .map(([k, v]) => [k, v.trim()])
        .filter(([, v]) => v),
    );
    try {
      onCreated(await opApi.post<Lead>("/v1/operator/leads", body));
      setForm(empty);
    } catch (err) {
      setError(opErrorText(locale, err));
    }
  }
  return (
    <form className="toolbar op-new-lead" onSubmit={submit}>
      <strong>{t("op.leads.new")}</strong>
      {field("businessName", t("op.leads.business"))}
      {field("contactName", t("op.leads.contact"))}
      {field("email", t("op.leads.email"), "email", 254)}
      {field("phone", t("op.leads.phone"), "tel", 40)}
      {field("rubro", t("op.leads.rubro"), "text", 60)}
      <button type="submit" className="primary" data-testid="op-new-lead-submit">
        {t("op.leads.create")}
      </button>
      {error ? (
        <p className="error" role="alert" data-testid="op-new-lead-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
