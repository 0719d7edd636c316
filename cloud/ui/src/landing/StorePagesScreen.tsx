import type {
  StorePage,
  StorePageLeadsAnswer,
  StorePagesAnswer,
} from "@mostrador/contracts/http/cloud-landing";
import { useEffect, useState } from "react";
import { get, put } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";

/**
 * "Página del local": each store's own page for its customers (on or off, address and hours, its
 * link), and the messages people sent from it; each one is already a customer, with the consent given.
 */
export function StorePagesScreen() {
  const t = useT();
  const f = useFormat();
  const pages = useLoad<StorePagesAnswer>(get, "/v1/landing/store-pages");
  const leads = useLoad<StorePageLeadsAnswer>(get, "/v1/landing/store-leads");
  return (
    <section className="store-pages">
      <h2>{t("storePages.title")}</h2>
      <p className="muted">{t("storePages.intro")}</p>
      <Status loading={pages.loading && !pages.data} error={pages.error} reload={pages.reload} />
      {pages.data?.pages.map((page) => (
        <StorePageCard key={page.storeId} page={page} onSaved={pages.reload} />
      ))}
      <h3>{t("storePages.leads")}</h3>
      <Status loading={leads.loading && !leads.data} error={leads.error} reload={leads.reload} />
      {leads.data && leads.data.leads.length === 0 ? (
        <p className="muted">{t("storePages.noLeads")}</p>
      ) : null}
      {leads.data && leads.data.leads.length > 0 ? (
        <table data-testid="store-page-leads">
          <thead>
            <tr>
              <th>{t("storePages.when")}</th>
              <th>{t("storePages.store")}</th>
              <th>{t("storePages.who")}</th>
              <th>{t("storePages.message")}</th>
              <th>UTM</th>
              <th>{t("storePages.consent")}</th>
            </tr>
          </thead>
          <tbody>
            {leads.data.leads.map((lead) => (
              <tr key={lead.id}>
                <td>{f.dateTime(lead.at)}</td>
                <td>{lead.storeName}</td>
                <td>
                  {[lead.name ?? t("storePages.erased"), lead.email, lead.phone].filter(Boolean).join(" · ")}
                </td>
                <td>{lead.message ?? "—"}</td>
                <td>
                  {[lead.utm.source, lead.utm.medium, lead.utm.campaign].filter(Boolean).join(" / ") || "—"}
                </td>
                <td title={lead.consentWording}>{f.dateTime(lead.consentAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function StorePageCard({ page, onSaved }: { page: StorePage; onSaved(): void }) {
  const t = useT();
  const f = useFormat();
  const [address, setAddress] = useState(page.address ?? "");
  const [hours, setHours] = useState(page.hours ?? "");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setAddress(page.address ?? "");
    setHours(page.hours ?? "");
  }, [page.address, page.hours]);
  const link = `${globalThis.location?.origin ?? ""}${page.path}`;
  async function save(enabled: boolean) {
    setBusy(true);
    setError(null);
    try {
      await put(`/v1/landing/store-pages/${page.storeId}`, {
        enabled,
        address: address.trim() || null,
        hours: hours.trim() || null,
      });
      onSaved();
    } catch (err) {
      setError(f.error(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="card" data-testid={`store-page-${page.storeId}`}>
      <h3>{page.storeName}</h3>
      <label>
        {t("storePages.address")}
        <input value={address} maxLength={200} onChange={(e) => setAddress(e.target.value)} />
      </label>
      <label>
        {t("storePages.hours")}
        <input value={hours} maxLength={200} onChange={(e) => setHours(e.target.value)} />
      </label>
      <p>
        {page.enabled ? (
          <>
            {t("storePages.on")}{" "}
            <a href={link} target="_blank" rel="noreferrer" data-testid="store-page-link">
              {link}
            </a>
          </>
        ) : (
          t("storePages.off")
        )}
      </p>
      <p className="muted small">{t("storePages.counts", { visits: page.visits, leads: page.leads })}</p>
      <div className="toolbar">
        <button type="button" disabled={busy} onClick={() => void save(page.enabled)}>
          {t("storePages.save")}
        </button>
        <button
          type="button"
          className={page.enabled ? "" : "primary"}
          disabled={busy}
          data-testid="store-page-toggle"
          onClick={() => void save(!page.enabled)}
        >
          {page.enabled ? t("storePages.turnOff") : t("storePages.turnOn")}
        </button>
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
