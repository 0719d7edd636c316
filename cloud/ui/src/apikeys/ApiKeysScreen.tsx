import {
  API_RESOURCES,
  type ApiKey,
  type ApiKeyScopes,
  type ApiKeysAnswer,
  type ApiResource,
  type CreatedApiKey,
  WRITABLE_RESOURCES,
} from "@mostrador/contracts/http/cloud-api-keys";
import { type FormEvent, useState } from "react";
import { get, post } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useLocale, useT, type MessageKey } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import { useSession } from "../session/session-store.js";
import "./apikeys.css";

type Access = "none" | "read" | "write";

const writable = (r: ApiResource) => (WRITABLE_RESOURCES as readonly ApiResource[]).includes(r);

/**
 * "API": the tenant's API keys (cloud/src/publicapi). The owner names a key and picks, per resource, no
 * access, read, or read and write (write only where the API allows it); the secret is shown once, in
 * this screen's state only, and gone when the owner says it is saved. Keys are listed with their last
 * use and revoked in two clicks. Every account sees the list and the month's usage.
 */
export function ApiKeysScreen() {
  const t = useT();
  const f = useFormat();
  const locale = useLocale((s) => s.locale);
  const owner = useSession((s) => s.session?.role) === "owner";
  const list = useLoad<ApiKeysAnswer>(get, "/v1/api-keys");
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Record<ApiResource, Access>>(
    () => Object.fromEntries(API_RESOURCES.map((r) => [r, "none"])) as Record<ApiResource, Access>,
  );
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function act(action: () => Promise<unknown>, done?: string) {
    setError(null);
    setNotice(null);
    try {
      await action();
      if (done) setNotice(done);
      list.reload();
    } catch (err) {
      setError(f.error(err));
    }
  }

  function create(event: FormEvent) {
    event.preventDefault();
    const chosen: ApiKeyScopes = Object.fromEntries(
      API_RESOURCES.filter((r) => scopes[r] !== "none").map((r) => [r, scopes[r]]),
    );
    void act(async () => {
      setCreated(await post<CreatedApiKey>("/v1/api-keys", { name: name.trim(), scopes: chosen }));
      setName("");
    });
  }

  const usage = list.data?.usage;
  const number = (n: number) => n.toLocaleString(locale);
  return (
    <section className="apikeys">
      <h2>{t("api.title")}</h2>
      <p className="muted">
        {t("api.intro")}{" "}
        <a href="/api/v1/docs" target="_blank" rel="noreferrer" data-testid="api-docs-link">
          {t("api.docs")}
        </a>
      </p>
      {usage ? (
        <p data-testid="api-usage">
          {t("api.usage", {
            calls: number(usage.calls),
            quota: number(usage.quota),
            day: f.day(usage.resetsAt.slice(0, 10)),
            perMinute: number(usage.perMinute),
          })}
        </p>
      ) : null}
      {created ? (
        <div className="secret" role="alert" data-testid="api-secret-box">
          <strong>{t("api.secretTitle", { name: created.key.name })}</strong>
          <code data-testid="api-secret">{created.secret}</code>
          <p>{t("api.secretOnce")}</p>
          <button data-testid="api-secret-done" autoFocus onClick={() => setCreated(null)}>
            {t("api.done")}
          </button>
        </div>
      ) : null}
      {owner ? (
        <form className="create" onSubmit={create} data-testid="api-create-form">
          <label>
            {t("api.name")}
            <input
              data-testid="api-name"
              value={name}
              maxLength={80}
              required
              placeholder={t("api.namePlaceholder")}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <fieldset>
            <legend>{t("api.scopes")}</legend>
            {API_RESOURCES.map((r) => (
              <label key={r}>
                {t(`api.resource.${r}` as MessageKey)}
                <select
                  data-testid={`api-scope-${r}`}
                  value={scopes[r]}
                  onChange={(e) => setScopes({ ...scopes, [r]: e.target.value as Access })}
                >
                  <option value="none">{t("api.access.none")}</option>
                  <option value="read">{t("api.access.read")}</option>
                  {writable(r) ? <option value="write">{t("api.access.write")}</option> : null}
                </select>
              </label>
            ))}
          </fieldset>
          <button type="submit" data-testid="api-create">
            {t("api.create")}
          </button>
        </form>
      ) : (
        <p className="muted">{t("api.ownerOnly")}</p>
      )}
      {notice ? (
        <p className="notice" role="status" data-testid="api-notice">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert" data-testid="api-error">
          {error}
        </p>
      ) : null}
      <h3>{t("api.keys")}</h3>
      <Status loading={list.loading && !list.data} error={list.error} reload={list.reload} />
      {list.data && list.data.keys.length === 0 ? <p className="muted">{t("api.none")}</p> : null}
      {list.data && list.data.keys.length > 0 ? (
        <table data-testid="api-keys-table">
          <thead>
            <tr>
              <th>{t("api.name")}</th>
              <th>{t("api.prefix")}</th>
              <th>{t("api.scopes")}</th>
              <th>{t("api.createdAt")}</th>
              <th>{t("api.lastUsed")}</th>
              <th>{t("api.state")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.keys.map((k) => (
              <KeyRow
                key={k.id}
                apiKey={k}
                owner={owner}
                confirming={confirming === k.id}
                onRevoke={() => setConfirming(k.id)}
                onConfirm={() =>
                  void act(async () => {
                    setConfirming(null);
                    await post(`/v1/api-keys/${k.id}/revoke`);
                  }, t("api.revokedNotice"))
                }
              />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function KeyRow(props: {
  apiKey: ApiKey;
  owner: boolean;
  confirming: boolean;
  onRevoke(): void;
  onConfirm(): void;
}) {
  const t = useT();
  const f = useFormat();
  const k = props.apiKey;
  const scopes = API_RESOURCES.filter((r) => k.scopes[r])
    .map((r) => `${t(`api.resource.${r}` as MessageKey)}: ${t(`api.access.${k.scopes[r]!}` as MessageKey)}`)
    .join(" · ");
  return (
    <tr data-testid={`api-key-${k.name}`} className={k.revokedAt ? "revoked" : ""}>
      <td>{k.name}</td>
      <td>
        <code>{k.prefix}…</code>
      </td>
      <td>{scopes}</td>
      <td>{f.dateTime(k.createdAt)}</td>
      <td data-testid="api-key-last-used">{k.lastUsedAt ? f.dateTime(k.lastUsedAt) : t("api.never")}</td>
      <td data-testid="api-key-state">
        {k.revokedAt ? `${t("api.revoked")} ${f.dateTime(k.revokedAt)}` : t("api.active")}
      </td>
      <td>
        {props.owner && !k.revokedAt ? (
          props.confirming ? (
            <>
              <span className="muted">{t("api.revokeHelp", { name: k.name })}</span>{" "}
              <button className="danger" data-testid="api-key-confirm-revoke" onClick={props.onConfirm}>
                {t("api.confirmRevoke")}
              </button>
            </>
          ) : (
            <button data-testid="api-key-revoke" onClick={props.onRevoke}>
              {t("api.revoke")}
            </button>
          )
        ) : null}
      </td>
    </tr>
  );
}
