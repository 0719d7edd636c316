import type {
  Channel,
  ChannelsAnswer,
  ConnectAnswer,
  ConnectionView,
  MappingAnswer,
  RefreshAnswer,
  SyncLogAnswer,
} from "@mostrador/contracts/http/cloud-channels";
import { CHANNELS } from "@mostrador/contracts/http/cloud-channels";
import type { StoresAnswer } from "@mostrador/contracts/http/dashboard";
import { useState } from "react";
import { get, post, put } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useT, type MessageKey } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import { useSession } from "../session/session-store.js";
import "./channels.css";

/**
 * "Canales": connect a store to Tiendanube and Mercado Libre, the push settings (margin, markup, what to do
 * while the store is not heard from), the mapping with what is unmapped, and the sync log with "Reintentar".
 */
export function ChannelsScreen() {
  const t = useT();
  const f = useFormat();
  const owner = useSession((s) => s.session?.role) === "owner";
  const list = useLoad<ChannelsAnswer>(get, "/v1/channels");
  const stores = useLoad<StoresAnswer>(get, "/v1/dashboard/stores");
  const [storeId, setStoreId] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chosenStore = storeId || stores.data?.stores[0]?.id || "";

  async function connect(channel: Channel) {
    setError(null);
    try {
      const { authorizeUrl } = await post<ConnectAnswer>("/v1/channels/connect", {
        storeId: chosenStore,
        channel,
      });
      globalThis.location.assign(authorizeUrl);
    } catch (err) {
      setError(f.error(err));
    }
  }

  return (
    <section className="channels">
      <h2>{t("channels.title")}</h2>
      <p className="muted">{t("channels.intro")}</p>
      <Status loading={list.loading && !list.data} error={list.error} reload={list.reload} />
      {owner && (
        <div className="channels-connect">
          <label>
            {t("channels.store")}
            <select
              value={chosenStore}
              onChange={(e) => setStoreId(e.target.value)}
              data-testid="channels-store"
            >
              {stores.data?.stores.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          {CHANNELS.map((c) => (
            <button
              key={c}
              disabled={!list.data?.available[c] || !chosenStore}
              title={list.data?.available[c] ? undefined : t("channels.notAvailable")}
              onClick={() => void connect(c)}
              data-testid={`channels-connect-${c}`}
            >
              {t("channels.connect", { channel: t(`channels.name.${c}` as MessageKey) })}
            </button>
          ))}
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {list.data?.connections.length === 0 && <p className="muted">{t("channels.none")}</p>}
      {list.data?.connections.map((c) => (
        <article
          key={c.id}
          className="card channels-connection"
          data-testid={`channels-connection-${c.channel}`}
        >
          <h3>
            {t(`channels.name.${c.channel}` as MessageKey)} ·{" "}
            {stores.data?.stores.find((s) => s.id === c.storeId)?.name}
          </h3>
          <p className="muted">
            {c.status === "needs_reconnect"
              ? t("channels.needsReconnect")
              : t("channels.active", { account: c.accountId })}
            {" · "}
            {t("channels.pending", { count: c.pendingPushes })}
            {" · "}
            {t("channels.unmapped", { count: c.unmappedListings })}
            {c.staleSince && ` · ${t("channels.staleSince", { at: f.dateTime(c.staleSince) })}`}
          </p>
          {owner && <Settings connection={c} onSaved={list.reload} />}
          <button onClick={() => setOpen(open === c.id ? null : c.id)} data-testid="channels-open">
            {open === c.id ? t("channels.close") : t("channels.mappingAndLog")}
          </button>
          {open === c.id && <Details connection={c} owner={owner} onChanged={list.reload} />}
        </article>
      ))}
    </section>
  );
}

function Settings({ connection, onSaved }: { connection: ConnectionView; onSaved(): void }) {
  const t = useT();
  const f = useFormat();
  const [margin, setMargin] = useState(String(connection.safetyMargin));
  const [markup, setMarkup] = useState(String(connection.markupBp / 100));
  const [policy, setPolicy] = useState(connection.stalePolicy);
  const [minutes, setMinutes] = useState(String(connection.staleMinutes));
  const [cap, setCap] = useState(String(connection.staleCap));
  const [message, setMessage] = useState<string | null>(null);
  async function save() {
    setMessage(null);
    try {
      await put(`/v1/channels/${connection.id}/settings`, {
        safetyMargin: Number(margin),
        markupBp: Math.round(Number(markup.replace(",", ".")) * 100),
        stalePolicy: policy,
        staleMinutes: Number(minutes),
        staleCap: Number(cap),
      });
      setMessage(t("channels.saved"));
      onSaved();
    } catch (err) {
      setMessage(f.error(err));
    }
  }
  return (
    <div className="channels-settings">
      <label>
        {t("channels.margin")}
        <input
          inputMode="numeric"
          value={margin}
          onChange={(e) => setMargin(e.target.value)}
          data-testid="channels-margin"
        />
      </label>
      <label>
        {t("channels.markup")}
        <input
          inputMode="decimal"
          value={markup}
          onChange={(e) => setMarkup(e.target.value)}
          data-testid="channels-markup"
        />
      </label>
      <label>
        {t("channels.stalePolicy")}
        <select value={policy} onChange={(e) => setPolicy(e.target.value as ConnectionView["stalePolicy"])}>
          <option value="cap">{t("channels.stale.cap")}</option>
          <option value="pause">{t("channels.stale.pause")}</option>
          <option value="none">{t("channels.stale.none")}</option>
        </select>
      </label>
      <label>
        {t("channels.staleMinutes")}
        <input inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
      </label>
      <label>
        {t("channels.staleCap")}
        <input inputMode="numeric" value={cap} onChange={(e) => setCap(e.target.value)} />
      </label>
      <button onClick={() => void save()} data-testid="channels-save">
        {t("common.save")}
      </button>
      {message && <span role="status">{message}</span>}
    </div>
  );
}

function Details({
  connection,
  owner,
  onChanged,
}: {
  connection: ConnectionView;
  owner: boolean;
  onChanged(): void;
}) {
  const t = useT();
  const f = useFormat();
  const mapping = useLoad<MappingAnswer>(get, `/v1/channels/${connection.id}/mapping`);
  const log = useLoad<SyncLogAnswer>(get, `/v1/channels/${connection.id}/log`);
  const [message, setMessage] = useState<string | null>(null);
  async function act(action: () => Promise<unknown>, done?: (answer: unknown) => string) {
    setMessage(null);
    try {
      const answer = await action();
      if (done) setMessage(done(answer));
      mapping.reload();
      log.reload();
      onChanged();
    } catch (err) {
      setMessage(f.error(err));
    }
  }
  const unmappedListings = mapping.data?.listings.filter((l) => !l.productId) ?? [];
  return (
    <div className="channels-details">
      {owner && (
        <button
          onClick={() =>
            void act(
              () => post<RefreshAnswer>(`/v1/channels/${connection.id}/listings/refresh`, {}),
              (a) => t("channels.refreshed", a as RefreshAnswer),
            )
          }
          data-testid="channels-refresh"
        >
          {t("channels.refresh")}
        </button>
      )}
      {message && <p role="status">{message}</p>}
      <Status loading={mapping.loading && !mapping.data} error={mapping.error} reload={mapping.reload} />
      <h4>{t("channels.unmappedListings")}</h4>
      {unmappedListings.length === 0 ? (
        <p className="muted">{t("channels.allMapped")}</p>
      ) : (
        <ul data-testid="channels-unmapped">
          {unmappedListings.map((l) => (
            <li key={`${l.remoteProductId}/${l.remoteVariantId}`}>
              {l.title} {l.sku && <span className="muted">SKU {l.sku}</span>}
              {owner && (
                <select
                  value=""
                  aria-label={t("channels.linkTo")}
                  onChange={(e) =>
                    void act(() =>
                      put(`/v1/channels/${connection.id}/mapping`, {
                        remoteProductId: l.remoteProductId,
                        remoteVariantId: l.remoteVariantId,
                        productId: e.target.value,
                      }),
                    )
                  }
                >
                  <option value="">{t("channels.linkTo")}</option>
                  {mapping.data?.unmappedProducts.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name} ({p.sku})
                    </option>
                  ))}
                </select>
              )}
            </li>
          ))}
        </ul>
      )}
      <h4>{t("channels.unmappedProducts")}</h4>
      <p className="muted">
        {mapping.data?.unmappedProducts.map((p) => p.name).join(", ") || t("channels.allMapped")}
      </p>
      <h4>{t("channels.mapped")}</h4>
      <table>
        <tbody>
          {mapping.data?.listings
            .filter((l) => l.productId)
            .map((l) => (
              <tr key={`${l.remoteProductId}/${l.remoteVariantId}`}>
                <td>{l.title}</td>
                <td>{l.productName}</td>
                <td>{t(l.mappedBy === "hand" ? "channels.byHand" : "channels.bySku")}</td>
                <td className="num">{l.pushedStock ?? "—"}</td>
                <td className="num">{l.pushedPrice === null ? "—" : f.money(l.pushedPrice)}</td>
              </tr>
            ))}
        </tbody>
      </table>
      <h4>{t("channels.log")}</h4>
      <ul className="channels-log" data-testid="channels-log">
        {log.data?.entries.map((e) => (
          <li key={e.id} className={e.level}>
            <span className="muted">{f.dateTime(e.at)}</span> {e.message}
            {owner && e.level === "error" && !e.retriedAt && (
              <button
                onClick={() => void act(() => post(`/v1/channels/${connection.id}/log/${e.id}/retry`, {}))}
                data-testid="channels-retry"
              >
                {t("channels.retry")}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
