import type {
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookEndpoint,
  WebhookEndpointCreated,
  WebhookEndpointList,
} from "@mostrador/contracts/http/cloud-webhooks";
import {
  WEBHOOK_EVENT_NAMES,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from "@mostrador/contracts/webhooks/events";
import { useState } from "react";
import { del, get, patch, post } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useLocale, useT, type MessageKey } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import { useSession } from "../session/session-store.js";
import "./webhooks.css";

/** "Webhooks": the shop's endpoints (Zapier, its own systems), what each gets, its delivery log and "Reenviar". */
export function WebhooksScreen() {
  const t = useT();
  const f = useFormat();
  const owner = useSession((s) => s.session?.role) === "owner";
  const list = useLoad<WebhookEndpointList>(get, "/v1/webhooks/endpoints");
  const [created, setCreated] = useState<WebhookEndpointCreated | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function act(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      list.reload();
    } catch (err) {
      setError(f.error(err));
    }
  }

  return (
    <section className="webhooks">
      <h2>{t("webhooks.title")}</h2>
      <p className="muted">{t("webhooks.intro", { days: list.data?.disableAfterDays ?? 3 })}</p>
      <Status loading={list.loading && !list.data} error={list.error} reload={list.reload} />
      {owner && (
        <NewEndpoint
          onCreated={(answer) => {
            setCreated(answer);
            list.reload();
          }}
        />
      )}
      {created && (
        <div className="webhooks-secret" role="status" data-testid="webhooks-secret">
          <p>{t("webhooks.secretOnce")}</p>
          <code data-testid="webhooks-secret-value">{created.secret}</code>
          <button onClick={() => setCreated(null)}>{t("webhooks.secretDone")}</button>
        </div>
      )}
      {error && (
        <p className="error" role="alert" data-testid="webhooks-error">
          {error}
        </p>
      )}
      {list.data && list.data.endpoints.length === 0 && <p className="muted">{t("webhooks.none")}</p>}
      {list.data && list.data.endpoints.length > 0 && (
        <ul className="webhooks-list" data-testid="webhooks-list">
          {list.data.endpoints.map((e) => (
            <li key={e.id} data-testid="webhook-endpoint">
              <div className="webhooks-row">
                <strong className="webhooks-url">{e.url}</strong>
                {e.description && <span className="muted">{e.description}</span>}
                <span data-testid="webhook-state" className={e.enabled ? "ok" : "bad"}>
                  {stateText(t, e)}
                </span>
                <span className="spacer" />
                <button data-testid="webhook-log" onClick={() => setOpen(open === e.id ? null : e.id)}>
                  {open === e.id ? t("webhooks.hideLog") : t("webhooks.showLog")}
                </button>
                {owner && (
                  <button
                    data-testid="webhook-toggle"
                    onClick={() =>
                      void act(() => patch(`/v1/webhooks/endpoints/${e.id}`, { enabled: !e.enabled }))
                    }
                  >
                    {e.enabled ? t("webhooks.disable") : t("webhooks.enable")}
                  </button>
                )}
                {owner && (
                  <button
                    data-testid="webhook-delete"
                    onClick={() => {
                      if (globalThis.confirm(t("webhooks.confirmDelete", { url: e.url })))
                        void act(() => del(`/v1/webhooks/endpoints/${e.id}`));
                    }}
                  >
                    {t("webhooks.delete")}
                  </button>
                )}
              </div>
              <EventNames events={e.events} />
              {open === e.id && <DeliveryLog endpointId={e.id} owner={owner} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function stateText(t: ReturnType<typeof useT>, e: WebhookEndpoint): string {
  if (e.enabled) return e.failingSince ? t("webhooks.state.failing") : t("webhooks.state.on");
  return e.disabledReason === "failing" ? t("webhooks.state.disabledFailing") : t("webhooks.state.off");
}

function EventNames({ events }: { events: readonly WebhookEventType[] }) {
  const locale = useLocale((s) => s.locale);
  const lang = locale === "en" ? "en" : "es";
  return (
    <p className="muted webhooks-events">{events.map((e) => WEBHOOK_EVENT_NAMES[e][lang]).join(" · ")}</p>
  );
}

function NewEndpoint({ onCreated }: { onCreated(answer: WebhookEndpointCreated): void }) {
  const t = useT();
  const f = useFormat();
  const locale = useLocale((s) => s.locale);
  const lang = locale === "en" ? "en" : "es";
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<WebhookEventType[]>(["sale.created"]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    setError(null);
    setBusy(true);
    try {
      onCreated(await post<WebhookEndpointCreated>("/v1/webhooks/endpoints", { url, description, events }));
      setUrl("");
      setDescription("");
    } catch (err) {
      setError(f.error(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="webhooks-new"
      data-testid="webhooks-new"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        {t("webhooks.url")}
        <input
          data-testid="webhooks-url"
          type="text"
          inputMode="url"
          placeholder="https://"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
      </label>
      <label>
        {t("webhooks.description")}
        <input
          data-testid="webhooks-description"
          maxLength={120}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      <fieldset>
        <legend>{t("webhooks.events")}</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type} className="webhooks-check">
            <input
              type="checkbox"
              data-testid={`webhooks-event-${type}`}
              checked={events.includes(type)}
              onChange={(e) =>
                setEvents(e.target.checked ? [...events, type] : events.filter((x) => x !== type))
              }
            />
            {WEBHOOK_EVENT_NAMES[type][lang]}
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="error" role="alert" data-testid="webhooks-new-error">
          {error}
        </p>
      )}
      <button type="submit" data-testid="webhooks-add" disabled={busy}>
        {t("webhooks.add")}
      </button>
    </form>
  );
}

function DeliveryLog({ endpointId, owner }: { endpointId: string; owner: boolean }) {
  const t = useT();
  const f = useFormat();
  const locale = useLocale((s) => s.locale);
  const lang = locale === "en" ? "en" : "es";
  const log = useLoad<WebhookDeliveryList>(get, `/v1/webhooks/endpoints/${endpointId}/deliveries`);
  const [error, setError] = useState<string | null>(null);

  async function resend(d: WebhookDelivery) {
    setError(null);
    try {
      await post(`/v1/webhooks/deliveries/${d.id}/resend`);
      log.reload();
    } catch (err) {
      setError(f.error(err));
    }
  }

  return (
    <div className="webhooks-log" data-testid="webhook-deliveries">
      <Status loading={log.loading && !log.data} error={log.error} reload={log.reload} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {log.data && log.data.deliveries.length === 0 && <p className="muted">{t("webhooks.noDeliveries")}</p>}
      {log.data && log.data.deliveries.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t("webhooks.col.when")}</th>
              <th>{t("webhooks.col.event")}</th>
              <th>{t("webhooks.col.status")}</th>
              <th>{t("webhooks.col.code")}</th>
              <th>{t("webhooks.col.duration")}</th>
              <th>{t("webhooks.col.attempts")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {log.data.deliveries.map((d) => (
              <tr key={d.id} data-testid="webhook-delivery">
                <td>{f.dateTime(d.lastAttemptAt ?? d.createdAt)}</td>
                <td>{WEBHOOK_EVENT_NAMES[d.eventType][lang]}</td>
                <td data-testid="webhook-delivery-status" title={d.error ?? ""}>
                  {t(`webhooks.status.${d.status}` as MessageKey)}
                  {d.nextAttemptAt && d.status === "pending" && d.attempts > 0
                    ? ` · ${t("webhooks.retryAt", { at: f.dateTime(d.nextAttemptAt) })}`
                    : ""}
                </td>
                <td data-testid="webhook-delivery-code">{d.statusCode ?? "—"}</td>
                <td>{d.durationMs === null ? "—" : `${d.durationMs} ms`}</td>
                <td>{d.attempts}</td>
                <td>
                  {owner &&
                    (d.status === "delivered" || d.status === "failed" || d.status === "cancelled") && (
                      <button data-testid="webhook-resend" onClick={() => void resend(d)}>
                        {t("webhooks.resend")}
                      </button>
                    )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
