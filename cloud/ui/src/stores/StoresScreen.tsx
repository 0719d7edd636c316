import { type FormEvent, useState } from "react";
import { get, patch, post } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import { applianceState } from "./appliance-status.js";
import { PairingCode } from "./PairingCode.js";
import { BookingLinks } from "./BookingLinks.js";
import type { DashboardStore, StoresAnswer } from "@mostrador/contracts/http/dashboard";

/** Stores, their time zone, pairing codes, and each appliance's sync status with a revoke action. */
export function StoresScreen() {
  const t = useT();
  const f = useFormat();
  const { data, error, loading, reload } = useLoad<StoresAnswer>(get, "/v1/dashboard/stores");
  const [name, setName] = useState("");
  const [actionError, setActionError] = useState<string | null>(null);

  async function act(action: () => Promise<unknown>) {
    setActionError(null);
    try {
      await action();
      reload();
    } catch (err) {
      setActionError(f.error(err));
    }
  }

  function createStore(event: FormEvent) {
    event.preventDefault();
    void act(async () => {
      await post("/v1/stores", { name: name.trim() });
      setName("");
    });
  }

  return (
    <section>
      <form className="toolbar" onSubmit={createStore}>
        <input
          data-testid="store-name"
          placeholder={t("stores.name")}
          aria-label={t("stores.name")}
          value={name}
          maxLength={120}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" data-testid="store-create" disabled={!name.trim()}>
          {t("stores.create")}
        </button>
      </form>
      {actionError ? (
        <p className="error" role="alert" data-testid="stores-error">
          {actionError}
        </p>
      ) : null}
      <Status loading={loading && !data} error={error} reload={reload} />
      {data?.stores.map((store) => (
        <StoreCard key={store.id} store={store} act={act} />
      ))}
    </section>
  );
}

function StoreCard({
  store,
  act,
}: {
  store: DashboardStore;
  act(action: () => Promise<unknown>): Promise<void>;
}) {
  const t = useT();
  const f = useFormat();
  const [zone, setZone] = useState(store.timeZone);
  const now = Date.now();
  const when = (iso: string | null) => (iso ? f.dateTime(iso, store.timeZone) : t("stores.never"));
  return (
    <article className="card" data-testid={`store-${store.id}`}>
      <h2>{store.name}</h2>
      <div className="toolbar">
        <label>
          {t("stores.timeZone")}{" "}
          <input
            data-testid={`store-tz-${store.id}`}
            value={zone}
            size={34}
            maxLength={64}
            onChange={(e) => setZone(e.target.value)}
          />
        </label>
        <button
          data-testid={`store-tz-save-${store.id}`}
          disabled={zone === store.timeZone}
          onClick={() => void act(() => patch(`/v1/dashboard/stores/${store.id}`, { timeZone: zone.trim() }))}
        >
          {t("common.save")}
        </button>
      </div>
      <PairingCode storeId={store.id} timeZone={store.timeZone} />
      <BookingLinks storeId={store.id} />
      <h3>{t("stores.appliances")}</h3>
      {store.appliances.length === 0 ? (
        <p className="muted">{t("stores.noAppliances")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t("stores.appliance")}</th>
              <th>{t("stores.status")}</th>
              <th>{t("stores.lastSeen")}</th>
              <th>{t("stores.lastSync")}</th>
              <th className="num">{t("stores.backlog")}</th>
              <th className="num">{t("stores.parked")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {store.appliances.map((a) => {
              const state = applianceState(a, now);
              return (
                <tr key={a.id} data-testid={`appliance-${a.id}`}>
                  <td>{a.name}</td>
                  <td>
                    <span className={`badge ${state}`} data-testid={`appliance-state-${a.id}`}>
                      {t(`stores.${state}`)}
                    </span>
                  </td>
                  <td>{when(a.lastSeenAt)}</td>
                  <td>{when(a.lastSyncAt)}</td>
                  <td className="num">{a.backlog ?? t("stores.unknown")}</td>
                  <td className="num">{a.parked ?? t("stores.unknown")}</td>
                  <td>
                    {a.revokedAt ? null : (
                      <button
                        className="danger"
                        data-testid={`appliance-revoke-${a.id}`}
                        onClick={() => {
                          if (window.confirm(t("stores.revokeConfirm", { name: a.name })))
                            void act(() => post(`/v1/appliances/${a.id}/revoke`));
                        }}
                      >
                        {t("stores.revoke")}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </article>
  );
}
