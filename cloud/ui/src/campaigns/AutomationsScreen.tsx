import type {
  AutomationList,
  AutomationView,
  CampaignChannel,
  CampaignResults,
} from "@mostrador/contracts/http/cloud-campaigns";
import { useState } from "react";
import { get, put } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { type MessageKey, useT } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import "./campaigns.css";

/** "Automatizaciones": birthday, "te extrañamos", after the first purchase, points about to expire. */
export function AutomationsScreen() {
  const t = useT();
  const list = useLoad<AutomationList>(get, "/v1/automations");
  return (
    <section className="campaigns">
      <h2>{t("automations.title")}</h2>
      <p className="muted">{t("automations.intro")}</p>
      <Status loading={list.loading && !list.data} error={list.error} reload={list.reload} />
      {list.data?.automations.map((a) => (
        <AutomationCard key={a.kind} automation={a} reload={list.reload} />
      ))}
    </section>
  );
}

function AutomationCard({ automation: a, reload }: { automation: AutomationView; reload(): void }) {
  const t = useT();
  const f = useFormat();
  const [enabled, setEnabled] = useState(a.enabled);
  const [channel, setChannel] = useState<CampaignChannel>(a.channel);
  const [days, setDays] = useState(String(a.days));
  const [subject, setSubject] = useState(a.subject);
  const [body, setBody] = useState(a.body);
  const [waName, setWaName] = useState(a.whatsappTemplate?.name ?? "");
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function save() {
    setError(null);
    setSaved(false);
    try {
      await put(`/v1/automations/${a.kind}`, {
        enabled,
        channel,
        subject,
        body,
        days: Number(days),
        whatsappTemplate:
          channel === "whatsapp"
            ? {
                name: waName,
                language: a.whatsappTemplate?.language ?? "es_AR",
                parameters: ["{{ nombre }}"],
              }
            : null,
      });
      setSaved(true);
      reload();
    } catch (err) {
      setError(f.error(err));
    }
  }

  return (
    <form
      className="campaigns-card campaigns-editor"
      data-testid={`automation-${a.kind}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <header className="campaigns-actions">
        <strong>{t(`automations.kind.${a.kind}` as MessageKey)}</strong>
        <label className="campaigns-check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          {t("automations.enabled")}
        </label>
      </header>
      {a.kind !== "birthday" && (
        <label>
          {t(`automations.days.${a.kind}` as MessageKey)}
          <input inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />
        </label>
      )}
      <label>
        {t("campaigns.channel")}
        <select value={channel} onChange={(e) => setChannel(e.target.value as CampaignChannel)}>
          <option value="email">{t("campaigns.channel.email")}</option>
          <option value="whatsapp">{t("campaigns.channel.whatsapp")}</option>
        </select>
      </label>
      {channel === "email" && (
        <label>
          {t("campaigns.subject")}
          <input maxLength={200} value={subject} onChange={(e) => setSubject(e.target.value)} />
        </label>
      )}
      {channel === "whatsapp" && (
        <label>
          {t("campaigns.waName")}
          <input value={waName} onChange={(e) => setWaName(e.target.value)} />
        </label>
      )}
      <label>
        {t("campaigns.body")}
        <textarea rows={4} value={body} onChange={(e) => setBody(e.target.value)} />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {saved && <p role="status">{t("automations.saved")}</p>}
      <div className="campaigns-actions">
        <button type="submit">{t("common.save")}</button>
      </div>
      {a.saved && <Results results={a.results} />}
    </form>
  );
}

function Results({ results: r }: { results: CampaignResults }) {
  const t = useT();
  const f = useFormat();
  return (
    <dl className="campaigns-results">
      {(
        [
          "recipients",
          "skippedNoConsent",
          "skippedCap",
          "sent",
          "opened",
          "clicked",
          "attributedSales",
        ] as const
      ).map((key) => (
        <div key={key}>
          <dt>{t(`campaigns.result.${key}` as MessageKey)}</dt>
          <dd>{r[key]}</dd>
        </div>
      ))}
      <div>
        <dt>{t("campaigns.result.attributedAmount")}</dt>
        <dd>{f.money(r.attributedAmount)}</dd>
      </div>
    </dl>
  );
}
