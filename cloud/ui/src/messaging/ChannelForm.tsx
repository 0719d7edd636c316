import { type FormEvent, useState } from "react";
import type { Channel, ChannelView, TelegramSetupAnswer } from "@mostrador/contracts/http/messaging";
import { patch } from "../api/client.js";
import { useT, type MessageKey } from "../i18n/i18n.js";

/** The fields of each channel: settings are shown back, secrets are write-only (blank = keep). */
const FIELDS: Record<Channel, { settings: string[]; numbers?: string[]; secrets: string[] }> = {
  email: { settings: ["host", "port", "from", "fromName", "user"], numbers: ["port"], secrets: ["password"] },
  whatsapp: {
    settings: ["phoneNumberId", "templateName", "templateLanguage", "businessAccountId"],
    secrets: ["accessToken", "appSecret", "verifyToken"],
  },
  telegram: { settings: ["botUsername"], secrets: ["botToken", "webhookSecret"] },
};

function initialValues(channel: Channel, view: ChannelView | undefined): Record<string, string> {
  const s = (view?.settings ?? {}) as Record<string, unknown>;
  const template = s.alertTemplate as { name?: string; language?: string } | undefined;
  const values: Record<string, string> = {};
  for (const f of FIELDS[channel].settings) values[f] = s[f] === undefined ? "" : String(s[f]);
  if (channel === "whatsapp") {
    values.templateName = template?.name ?? "";
    values.templateLanguage = template?.language ?? "es_AR";
  }
  if (channel === "email" && !values.port) values.port = "587";
  return values;
}

/** The body PATCH /v1/messaging/channels/:channel takes, from the form (blank optional fields left out). */
function bodyOf(
  channel: Channel,
  enabled: boolean,
  values: Record<string, string>,
  secrets: Record<string, string>,
) {
  const settings: Record<string, unknown> = {};
  for (const f of FIELDS[channel].settings) {
    const v = values[f]?.trim() ?? "";
    if (!v || f === "templateName" || f === "templateLanguage") continue;
    settings[f] = FIELDS[channel].numbers?.includes(f) ? Number(v) : v;
  }
  if (channel === "email") settings.secure = settings.port === 465;
  if (channel === "whatsapp" && values.templateName?.trim())
    settings.alertTemplate = {
      name: values.templateName.trim(),
      language: values.templateLanguage?.trim() || "es_AR",
    };
  const typed = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v.trim() !== ""));
  return { enabled, settings, ...(Object.keys(typed).length ? { secrets: typed } : {}) };
}

export function ChannelForm(props: {
  channel: Channel;
  view: ChannelView | undefined;
  /** Telegram answers what getMe/setWebhook said; the other channels answer nothing. */
  saved(telegram: TelegramSetupAnswer | null): void;
  fail(err: unknown): void;
}) {
  const t = useT();
  const { channel, view } = props;
  const [enabled, setEnabled] = useState(view?.enabled ?? true);
  const [values, setValues] = useState(() => initialValues(channel, view));
  const [secrets, setSecrets] = useState<Record<string, string>>(() =>
    Object.fromEntries(FIELDS[channel].secrets.map((f) => [f, ""])),
  );

  function save(event: FormEvent) {
    event.preventDefault();
    patch<TelegramSetupAnswer | null>(
      `/v1/messaging/channels/${channel}`,
      bodyOf(channel, enabled, values, secrets),
    ).then((answer) => {
      setSecrets(Object.fromEntries(FIELDS[channel].secrets.map((f) => [f, ""])));
      if (answer?.botUsername) setValues((v) => ({ ...v, botUsername: answer.botUsername ?? "" }));
      props.saved(answer ?? null);
    }, props.fail);
  }

  return (
    <form className="card messaging-channel" data-testid={`channel-${channel}`} onSubmit={save}>
      <h3>{t(`messaging.channel.${channel}` as MessageKey)}</h3>
      <label className="check">
        <input
          type="checkbox"
          checked={enabled}
          onChange={(e) => setEnabled(e.target.checked)}
          data-testid={`channel-${channel}-enabled`}
        />
        {t("messaging.enabled")}
      </label>
      {FIELDS[channel].settings.map((f) => (
        <label key={f}>
          {t(`messaging.field.${f}` as MessageKey)}
          <input
            data-testid={`channel-${channel}-${f}`}
            value={values[f] ?? ""}
            onChange={(e) => setValues({ ...values, [f]: e.target.value })}
          />
        </label>
      ))}
      {FIELDS[channel].secrets.map((f) => (
        <label key={f}>
          {t(`messaging.field.${f}` as MessageKey)}
          <input
            type="password"
            autoComplete="new-password"
            data-testid={`channel-${channel}-${f}`}
            placeholder={view?.hasSecrets ? t("messaging.secretKept") : ""}
            value={secrets[f] ?? ""}
            onChange={(e) => setSecrets({ ...secrets, [f]: e.target.value })}
          />
        </label>
      ))}
      <button type="submit" className="primary" data-testid={`channel-${channel}-save`}>
        {t("common.save")}
      </button>
    </form>
  );
}
