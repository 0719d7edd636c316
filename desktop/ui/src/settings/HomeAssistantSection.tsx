import { useEffect, useState } from "react";
import { del, get, post } from "../api/client.js";
import type { HomeAssistantCredentials, HomeAssistantInfo } from "@mostrador/contracts/http/home-assistant";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ConfirmDialog } from "../shared/ConfirmDialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import type { SettingsForm } from "./settings-form.js";
import "./home-assistant.css";

interface Props {
  form: SettingsForm;
  set: <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => void;
}

/**
 * Home Assistant: the discovery switch (saved with "Guardar cambios") and HA's own MQTT login on the shop's
 * broker, which acts at once on its own buttons: create, rotate (the old password stops working), revoke.
 * The password is shown only in the answer that made it, with a copy button; the server never shows it again.
 */
export function HomeAssistantSection({ form, set }: Props) {
  const t = useT();
  const format = useFormat();
  const [info, setInfo] = useState<HomeAssistantInfo | null>(null);
  const [issued, setIssued] = useState<HomeAssistantCredentials | null>(null);
  const [confirm, setConfirm] = useState<"rotate" | "revoke" | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  const load = () =>
    get<HomeAssistantInfo>("/api/integrations/home-assistant")
      .then(setInfo)
      .catch((e) => setError(format.error(e)));
  // runs on mount, not on every render.
  useEffect(() => {
    void load();
  }, []);

  const act = async (what: "issue" | "revoke") => {
    setConfirm(null);
    setBusy(true);
    setError(null);
    setCopied(false);
    try {
      if (what === "issue")
        setIssued(await post<HomeAssistantCredentials>("/api/integrations/home-assistant/credentials", {}));
      else {
        await del("/api/integrations/home-assistant/credentials");
        setIssued(null);
      }
      await load();
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!issued) return;
    try {
      await navigator.clipboard.writeText(issued.password);
      setCopied(true);
    } catch {
      // No clipboard (plain http on the LAN): select the text so Ctrl+C copies it.
      const field = document.querySelector<HTMLInputElement>("[data-testid='ha-password']");
      field?.select();
    }
  };

  return (
    <div className="card home-assistant" data-testid="settings-home-assistant">
      <h2>{t("ha.title")}</h2>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={form.homeAssistantDiscovery}
          data-testid="settings-homeAssistantDiscovery"
          onChange={(e) => set("homeAssistantDiscovery", e.target.checked)}
        />
        {t("ha.discovery")}
      </label>
      <span className="field-hint">{t("ha.discoveryHint")}</span>

      <h3>{t("ha.credentials")}</h3>
      {!info ? (
        <p>{error ? "" : t("common.loading")}</p>
      ) : (
        <dl className="ha-facts">
          <dt>{t("ha.broker")}</dt>
          <dd data-testid="ha-broker">
            {info.host}:{info.port ?? "—"}
          </dd>
          <dt>{t("ha.username")}</dt>
          <dd data-testid="ha-username">{info.configured ? info.username : t("ha.notConfigured")}</dd>
          {info.createdAt && (
            <>
              <dt>{t("ha.createdAt")}</dt>
              <dd data-testid="ha-created-at">{format.dateTime(info.createdAt)}</dd>
            </>
          )}
          <dt>{t("ha.discoveryPrefix")}</dt>
          <dd>{info.discoveryPrefix}</dd>
        </dl>
      )}
      {issued && (
        <div className="ha-password" data-testid="ha-issued">
          <span className="label-text">{t("ha.passwordOnce")}</span>
          <div className="row-form">
            <input
              type="text"
              readOnly
              value={issued.password}
              data-testid="ha-password"
              onFocus={(e) => e.target.select()}
            />
            <button type="button" className="primary" data-testid="ha-copy" onClick={() => void copy()}>
              {copied ? t("ha.copied") : t("ha.copy")}
            </button>
          </div>
        </div>
      )}
      <ErrorText text={error} testId="ha-error" />
      <div className="actions">
        {info?.configured ? (
          <>
            <button
              type="button"
              data-testid="ha-revoke"
              disabled={busy}
              onClick={() => setConfirm("revoke")}
            >
              {t("ha.revoke")}
            </button>
            <button
              type="button"
              data-testid="ha-rotate"
              disabled={busy}
              onClick={() => setConfirm("rotate")}
            >
              {t("ha.rotate")}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="primary"
            data-testid="ha-create"
            disabled={busy || !info}
            onClick={() => void act("issue")}
          >
            {t("ha.create")}
          </button>
        )}
      </div>
      {confirm && (
        <ConfirmDialog
          title={t(confirm === "rotate" ? "ha.rotate" : "ha.revoke")}
          message={t(confirm === "rotate" ? "ha.rotateConfirm" : "ha.revokeConfirm")}
          confirmLabel={t(confirm === "rotate" ? "ha.rotate" : "ha.revoke")}
          onConfirm={() => void act(confirm === "rotate" ? "issue" : "revoke")}
          onCancel={() => setConfirm(null)}
        />
      )}
    </div>
  );
}
