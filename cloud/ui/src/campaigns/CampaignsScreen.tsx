import type {
  CampaignBody,
  CampaignChannel,
  CampaignList,
  CampaignPreview,
  CampaignView,
  SegmentList,
} from "@mostrador/contracts/http/cloud-campaigns";
import { CAMPAIGN_FIELDS } from "@mostrador/contracts/http/cloud-campaigns";
import type { TemplateApproval } from "@mostrador/contracts/http/messaging";
import { wallTimeUtc } from "@mostrador/contracts/zoned-day";
import { useState } from "react";
import { get, post } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { type MessageKey, useT } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import "./campaigns.css";

/** "Campañas": the editor (preview, test send), sending now or at a time in the shop's zone, and results. */
export function CampaignsScreen() {
  const t = useT();
  const list = useLoad<CampaignList>(get, "/v1/campaigns");
  const [creating, setCreating] = useState(false);
  return (
    <section className="campaigns">
      <h2>{t("campaigns.title")}</h2>
      <p className="muted">{t("campaigns.intro")}</p>
      <Status loading={list.loading && !list.data} error={list.error} reload={list.reload} />
      {!creating && (
        <button data-testid="campaign-new" onClick={() => setCreating(true)}>
          {t("campaigns.new")}
        </button>
      )}
      {creating && (
        <CampaignEditor
          onSaved={() => {
            setCreating(false);
            list.reload();
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      {list.data && list.data.campaigns.length === 0 && <p className="muted">{t("campaigns.none")}</p>}
      {list.data?.campaigns.map((c) => (
        <CampaignCard key={c.id} campaign={c} timeZone={list.data!.timeZone} reload={list.reload} />
      ))}
    </section>
  );
}

function CampaignCard({
  campaign: c,
  timeZone,
  reload,
}: {
  campaign: CampaignView;
  timeZone: string;
  reload(): void;
}) {
  const t = useT();
  const f = useFormat();
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [day, setDay] = useState("");
  const [time, setTime] = useState("10:00");

  async function act(action: () => Promise<unknown>, done?: string) {
    setError(null);
    setNote(null);
    try {
      await action();
      if (done) setNote(done);
      reload();
    } catch (err) {
      setError(f.error(err));
    }
  }
  const r = c.results;
  return (
    <article className="campaigns-card" data-testid="campaign-card">
      <header className="campaigns-actions">
        <strong data-testid="campaign-name">{c.name}</strong>
        <span className="muted">
          {t(`campaigns.channel.${c.channel}` as MessageKey)} · {c.segmentName}
        </span>
        <span data-testid="campaign-status">{t(`campaigns.status.${c.status}` as MessageKey)}</span>
        {c.scheduledAt && c.status === "scheduled" && (
          <span className="muted">{f.dateTime(c.scheduledAt, timeZone)}</span>
        )}
        {c.sentAt && <span className="muted">{f.dateTime(c.sentAt, timeZone)}</span>}
      </header>
      {c.status === "draft" && (
        <div className="campaigns-actions">
          {c.channel === "email" && (
            <button
              data-testid="campaign-test"
              onClick={() => void act(() => post(`/v1/campaigns/${c.id}/test`, {}), t("campaigns.testSent"))}
            >
              {t("campaigns.test")}
            </button>
          )}
          <button
            data-testid="campaign-send"
            onClick={() => void act(() => post(`/v1/campaigns/${c.id}/send`, { scheduledAt: null }))}
          >
            {t("campaigns.sendNow")}
          </button>
          <label>
            {t("campaigns.scheduleAt", { zone: timeZone })}
            <input
              type="date"
              data-testid="campaign-day"
              value={day}
              onChange={(e) => setDay(e.target.value)}
            />
            <input
              type="time"
              data-testid="campaign-time"
              value={time}
              onChange={(e) => setTime(e.target.value)}
            />
          </label>
          <button
            data-testid="campaign-schedule"
            disabled={!day}
            onClick={() =>
              void act(() =>
                post(`/v1/campaigns/${c.id}/send`, { scheduledAt: wallTimeUtc(day, time, timeZone) }),
              )
            }
          >
            {t("campaigns.schedule")}
          </button>
        </div>
      )}
      {c.status === "scheduled" && (
        <button
          data-testid="campaign-cancel"
          onClick={() => void act(() => post(`/v1/campaigns/${c.id}/cancel`, {}))}
        >
          {t("campaigns.cancel")}
        </button>
      )}
      {c.channel === "whatsapp" && <WhatsappApproval campaignId={c.id} />}
      {note && <p role="status">{note}</p>}
      {error && (
        <p className="error" role="alert" data-testid="campaign-error">
          {error}
        </p>
      )}
      {c.status !== "draft" && (
        <dl className="campaigns-results" data-testid="campaign-results">
          {(
            [
              ["recipients", r.recipients],
              ["skippedNoConsent", r.skippedNoConsent],
              ["skippedCap", r.skippedCap],
              ["sent", r.sent],
              ["delivered", r.delivered],
              ["opened", r.opened],
              ["clicked", r.clicked],
              ["unsubscribed", r.unsubscribed],
              ["attributedSales", r.attributedSales],
            ] as const
          ).map(([key, value]) => (
            <div key={key} data-testid={`result-${key}`}>
              <dt>{t(`campaigns.result.${key}` as MessageKey)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
          <div data-testid="result-attributedAmount">
            <dt>{t("campaigns.result.attributedAmount")}</dt>
            <dd>{f.money(r.attributedAmount)}</dd>
          </div>
        </dl>
      )}
      {c.status !== "draft" && (
        <button data-testid="campaign-refresh" onClick={reload}>
          {t("campaigns.refresh")}
        </button>
      )}
    </article>
  );
}

function CampaignEditor(props: { onSaved(): void; onCancel(): void }) {
  const t = useT();
  const f = useFormat();
  const segments = useLoad<SegmentList>(get, "/v1/segments");
  const [name, setName] = useState("");
  const [segmentId, setSegmentId] = useState("");
  const [channel, setChannel] = useState<CampaignChannel>("email");
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("Hola {{ nombre }}:\n\n");
  const [perMinute, setPerMinute] = useState("60");
  const [waName, setWaName] = useState("");
  const [waLanguage, setWaLanguage] = useState("es_AR");
  const [waParams, setWaParams] = useState("{{ nombre }}");
  const [preview, setPreview] = useState<CampaignPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chosen = segmentId || segments.data?.segments[0]?.id || "";

  const payload = (): CampaignBody => ({
    name,
    segmentId: chosen,
    channel,
    subject,
    body,
    perMinute: Number(perMinute),
    whatsappTemplate:
      channel === "whatsapp"
        ? {
            name: waName,
            language: waLanguage,
            parameters: waParams
              .split("\n")
              .map((p) => p.trim())
              .filter((p) => p !== ""),
          }
        : null,
  });

  async function run(action: () => Promise<void>) {
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(f.error(err));
    }
  }

  return (
    <form
      className="campaigns-editor"
      data-testid="campaign-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await post("/v1/campaigns", payload());
          props.onSaved();
        });
      }}
    >
      <label>
        {t("campaigns.name")}
        <input
          data-testid="campaign-name-input"
          maxLength={120}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <label>
        {t("campaigns.segment")}
        <select data-testid="campaign-segment" value={chosen} onChange={(e) => setSegmentId(e.target.value)}>
          {segments.data?.segments.map((s) => (
            <option key={s.id} value={s.id}>
              {t("campaigns.segmentOption", { name: s.name, count: s.count })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("campaigns.channel")}
        <select
          data-testid="campaign-channel"
          value={channel}
          onChange={(e) => setChannel(e.target.value as CampaignChannel)}
        >
          <option value="email">{t("campaigns.channel.email")}</option>
          <option value="whatsapp">{t("campaigns.channel.whatsapp")}</option>
        </select>
      </label>
      {channel === "email" && (
        <label>
          {t("campaigns.subject")}
          <input
            data-testid="campaign-subject"
            maxLength={200}
            value={subject}
            onChange={(e) => setSubject(e.target.value)}
          />
        </label>
      )}
      <label>
        {t("campaigns.body")}
        <textarea
          data-testid="campaign-body"
          rows={8}
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
      </label>
      <p className="muted">
        {t("campaigns.fields", { fields: CAMPAIGN_FIELDS.map((x) => `{{ ${x} }}`).join(" ") })}
      </p>
      {channel === "whatsapp" && (
        <fieldset>
          <legend>{t("campaigns.waTemplate")}</legend>
          <p className="muted">{t("campaigns.waTemplateHelp")}</p>
          <label>
            {t("campaigns.waName")}
            <input
              data-testid="campaign-wa-name"
              value={waName}
              onChange={(e) => setWaName(e.target.value)}
            />
          </label>
          <label>
            {t("campaigns.waLanguage")}
            <input value={waLanguage} onChange={(e) => setWaLanguage(e.target.value)} />
          </label>
          <label>
            {t("campaigns.waParams")}
            <textarea rows={3} value={waParams} onChange={(e) => setWaParams(e.target.value)} />
          </label>
        </fieldset>
      )}
      <label>
        {t("campaigns.perMinute")}
        <input
          data-testid="campaign-per-minute"
          inputMode="numeric"
          value={perMinute}
          onChange={(e) => setPerMinute(e.target.value)}
        />
      </label>
      {error && (
        <p className="error" role="alert" data-testid="campaign-editor-error">
          {error}
        </p>
      )}
      <div className="campaigns-actions">
        <button
          type="button"
          data-testid="campaign-preview"
          onClick={() =>
            void run(async () =>
              setPreview(
                await post<CampaignPreview>("/v1/campaigns/preview", {
                  ...(chosen ? { segmentId: chosen } : {}),
                  subject,
                  body,
                }),
              ),
            )
          }
        >
          {t("campaigns.preview")}
        </button>
        <button type="submit" data-testid="campaign-save">
          {t("campaigns.saveDraft")}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t("common.cancel")}
        </button>
      </div>
      {preview && (
        <div className="campaigns-preview" data-testid="campaign-preview-box">
          <p>
            {t("campaigns.previewFor", { name: preview.customerName })}: <strong>{preview.subject}</strong>
          </p>
          {/* The email's HTML in a sandboxed frame: no scripts, nothing reaches the dashboard. */}
          <iframe title={t("campaigns.preview")} sandbox="" srcDoc={preview.html} />
        </div>
      )}
    </form>
  );
}

/** Meta's approval of the campaign's WhatsApp template (the same words as turnos' reminders). */
function WhatsappApproval({ campaignId }: { campaignId: string }) {
  const t = useT();
  const approval = useLoad<TemplateApproval>(get, `/v1/campaigns/${campaignId}/whatsapp-approval`);
  if (!approval.data) return null;
  return (
    <p data-testid="campaign-wa-approval">
      {t("turnos.rem.approval")}: {t(`turnos.rem.approval.${approval.data.state}` as MessageKey)}
      {approval.data.detail && <span className="muted"> ({approval.data.detail})</span>}
    </p>
  );
}
