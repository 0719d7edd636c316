import type { MeAnswer } from "@mostrador/contracts/http/cloud-account";
import type { ClosingAnswer } from "@mostrador/contracts/http/cloud-tenant-data";
import { useState } from "react";
import { get, post } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import { useSession } from "../session/session-store.js";
import "./tenant-data.css";

/**
 * "Tus datos y la cuenta": download everything (a zip streamed by the cloud), close the account (password,
 * TOTP when on, the business's name typed) and, during the notice period, reopen it.
 */
export function TenantDataScreen() {
  const t = useT();
  const f = useFormat();
  const session = useSession((s) => s.session);
  const owner = session?.role === "owner";
  const closing = useLoad<ClosingAnswer>(get, "/v1/account/closing");
  const me = useLoad<MeAnswer>(get, "/v1/me");
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [confirmName, setConfirmName] = useState("");
  const [busy, setBusy] = useState(false);
  const c = closing.data;

  async function download() {
    setError(null);
    setDownloading(true);
    try {
      // A bearer token, not a cookie: fetched here and handed to the browser as a file.
      const res = await fetch("/v1/account/export", {
        headers: { authorization: `Bearer ${session?.token}` },
      });
      if (!res.ok) throw ((await res.json()) as { error: unknown }).error;
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement("a");
      a.href = url;
      a.download =
        /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? "mostrador.zip";
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      setError(f.error(err));
    } finally {
      setDownloading(false);
    }
  }

  async function submit(path: string, body: object) {
    setError(null);
    setBusy(true);
    try {
      await post<ClosingAnswer>(path, body);
      setPassword("");
      setCode("");
      setConfirmName("");
      closing.reload();
    } catch (err) {
      setError(f.error(err));
    } finally {
      setBusy(false);
    }
  }

  if (!owner)
    return (
      <section className="tenant-data">
        <h2>{t("tenantData.title")}</h2>
        <p className="muted">{t("tenantData.ownerOnly")}</p>
      </section>
    );
  return (
    <section className="tenant-data">
      <h2>{t("tenantData.title")}</h2>
      <Status loading={closing.loading && !c} error={closing.error} reload={closing.reload} />
      <h3>{t("tenantData.exportTitle")}</h3>
      <p className="muted">{t("tenantData.exportText")}</p>
      <button data-testid="tenant-export" disabled={downloading} onClick={() => void download()}>
        {downloading ? t("tenantData.exporting") : t("tenantData.export")}
      </button>
      {error && (
        <p className="error" role="alert" data-testid="tenant-data-error">
          {error}
        </p>
      )}
      {c?.status === "closing" && c.eraseAfter && (
        <div className="tenant-data-closing" data-testid="tenant-closing">
          <p data-testid="tenant-closing-text">
            {t("tenantData.closingOn", { date: f.dateTime(c.eraseAfter) })}
          </p>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void submit("/v1/account/reopen", { password });
            }}
          >
            <label>
              {t("tenantData.password")}
              <input
                type="password"
                data-testid="tenant-reopen-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
            <button type="submit" data-testid="tenant-reopen" disabled={busy}>
              {t("tenantData.reopen")}
            </button>
          </form>
        </div>
      )}
      {c?.status === "active" && (
        <form
          className="tenant-data-close"
          data-testid="tenant-close-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit("/v1/account/close", { password, confirmName, ...(code ? { code } : {}) });
          }}
        >
          <h3>{t("tenantData.closeTitle")}</h3>
          <p className="muted">{t("tenantData.closeText", { days: c.noticeDays })}</p>
          <label>
            {t("tenantData.confirmName", { name: me.data?.organization.name ?? "" })}
            <input
              data-testid="tenant-close-name"
              value={confirmName}
              onChange={(e) => setConfirmName(e.target.value)}
            />
          </label>
          <label>
            {t("tenantData.password")}
            <input
              type="password"
              data-testid="tenant-close-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {me.data?.totpEnabled && (
            <label>
              {t("tenantData.code")}
              <input
                inputMode="numeric"
                data-testid="tenant-close-code"
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            </label>
          )}
          <button type="submit" className="danger" data-testid="tenant-close" disabled={busy}>
            {t("tenantData.close")}
          </button>
        </form>
      )}
    </section>
  );
}
