import type { ReminderSettings, ReminderSettingsView } from "@mostrador/contracts/http/cloud-turnos";
import type { TemplateApprovalState } from "@mostrador/contracts/http/messaging";
import { type FormEvent, useEffect, useState } from "react";
import { get, put } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { type MessageKey, useT } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import { useSession } from "../session/session-store.js";

type Switch = "enabled" | "whatsapp" | "email" | "before24h" | "before1h";

const APPROVAL_CLASS: Record<TemplateApprovalState, string> = {
  approved: "badge online",
  pending: "badge offline",
  rejected: "badge danger",
  paused: "badge danger",
  disabled: "badge danger",
  not_found: "badge danger",
  unchecked: "badge",
  no_channel: "badge offline",
  unreachable: "badge offline",
};

/**
 * "Recordatorios": the shop's turno reminders (the whole account's, not one store's): on or off, which
 * channels and which of the 24 h / 1 h reminders, the WhatsApp template they go out with and whether Meta
 * approved it, and the email exactly as the cloud writes it. The server refuses what makes no sense (on
 * with no channel, a malformed template name) with its own sentence, shown here.
 */
export function RemindersSettings() {
  const t = useT();
  const f = useFormat();
  const loaded = useLoad<ReminderSettingsView>(get, "/v1/turnos/reminder-settings");
  // Managers and accountants read them; only owners change them (the server says so too).
  const isOwner = useSession((s) => s.session?.role === "owner");
  const [shown, setShown] = useState<ReminderSettingsView | null>(null);
  const [form, setForm] = useState<Required<ReminderSettings> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!loaded.data) return;
    setShown(loaded.data);
    const { template: _t, emailPreview: _p, ...settings } = loaded.data;
    setForm(settings);
  }, [loaded.data]);

  function flip(key: Switch) {
    setSaved(false);
    setForm((s) => (s ? { ...s, [key]: !s[key] } : s));
  }
  function save(event: FormEvent) {
    event.preventDefault();
    if (!form) return;
    setError(null);
    setSaved(false);
    put<ReminderSettingsView>("/v1/turnos/reminder-settings", form).then((answer) => {
      setShown(answer);
      setSaved(true);
    }, setError);
  }
  const box = (key: Switch, label: MessageKey) => (
    <label className="turnos-switch">
      <input
        type="checkbox"
        data-testid={`rem-${key}`}
        checked={form?.[key] ?? false}
        onChange={() => flip(key)}
      />{" "}
      {t(label)}
    </label>
  );

  return (
    <div className="card turnos-reminders" data-testid="turnos-reminders">
      <h2>{t("turnos.reminders")}</h2>
      <p className="muted">{t("turnos.remindersHint")}</p>
      <Status loading={loaded.loading && !loaded.data} error={loaded.error} reload={loaded.reload} />
      {form && shown ? (
        <form onSubmit={save} className="turnos-reminders-form">
          <fieldset disabled={!isOwner} className="turnos-reminders-owner">
            {box("enabled", "turnos.rem.enabled")}
            <fieldset disabled={!form.enabled}>
              <legend>{t("turnos.rem.channels")}</legend>
              {box("whatsapp", "messaging.channel.whatsapp")}
              {box("email", "messaging.channel.email")}
            </fieldset>
            <fieldset disabled={!form.enabled}>
              <legend>{t("turnos.rem.moments")}</legend>
              {box("before24h", "turnos.rem.before24h")}
              {box("before1h", "turnos.rem.before1h")}
            </fieldset>
            <fieldset>
              <legend>{t("turnos.rem.template")}</legend>
              <label>
                {t("turnos.rem.templateName")}{" "}
                <input
                  data-testid="rem-template-name"
                  value={form.templateName}
                  onChange={(e) => setForm({ ...form, templateName: e.target.value })}
                />
              </label>{" "}
              <label>
                {t("turnos.rem.templateLanguage")}{" "}
                <input
                  data-testid="rem-template-language"
                  size={6}
                  value={form.templateLanguage}
                  onChange={(e) => setForm({ ...form, templateLanguage: e.target.value })}
                />
              </label>
              <p className="muted">{t("turnos.rem.templateHelp")}</p>
              <p>
                {t("turnos.rem.approval")}:{" "}
                <span className={APPROVAL_CLASS[shown.template.state]} data-testid="rem-approval">
                  {t(`turnos.rem.approval.${shown.template.state}` as MessageKey)}
                </span>
                {shown.template.detail ? (
                  <span className="muted" data-testid="rem-approval-detail">
                    {" "}
                    ({shown.template.detail})
                  </span>
                ) : null}
              </p>
            </fieldset>
          </fieldset>
          {isOwner ? null : (
            <p className="muted" data-testid="rem-owner-only">
              {t("turnos.rem.ownerOnly")}
            </p>
          )}
          <div className="toolbar">
            <button type="submit" data-testid="rem-save" disabled={!isOwner}>
              {t("common.save")}
            </button>
            {saved ? (
              <span className="muted" data-testid="rem-saved">
                {t("turnos.rem.saved")}
              </span>
            ) : null}
          </div>
          {error ? (
            <p className="error" role="alert" data-testid="rem-error">
              {f.error(error)}
            </p>
          ) : null}
          <h3>{t("turnos.rem.emailPreview")}</h3>
          <div className="turnos-email-preview" data-testid="rem-email-preview">
            <strong>{shown.emailPreview.subject}</strong>
            <pre>{shown.emailPreview.body}</pre>
          </div>
        </form>
      ) : null}
    </div>
  );
}
