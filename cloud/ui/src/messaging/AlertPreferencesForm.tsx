import { type FormEvent, useEffect, useState } from "react";
import { ALARM_SEVERITIES, ALARM_SEVERITY_LEVELS } from "@mostrador/contracts/alarms";
import {
  type AlertPreferences,
  CHANNELS,
  type Channel,
  type ContactView,
  OWNER_ALERT_KINDS,
} from "@mostrador/contracts/http/messaging";
import { get, put } from "../api/client.js";
import { useLocale, useT, type MessageKey } from "../i18n/i18n.js";

/**
 * One owner recipient's alert preferences: which kinds go on which of their channels (all, until
 * chosen), quiet hours in their zone, and from which severity an alarm still goes during them.
 */
export function AlertPreferencesForm(props: {
  contact: ContactView;
  saved(): void;
  fail(err: unknown): void;
}) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const { contact } = props;
  const [prefs, setPrefs] = useState<AlertPreferences | null>(null);
  useEffect(() => {
    let current = true;
    get<AlertPreferences>(`/v1/messaging/contacts/${contact.id}/alert-preferences`).then(
      (p) => current && setPrefs(p),
      props.fail,
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload only for another contact
  }, [contact.id]);
  if (!prefs) return null;

  const available = CHANNELS.filter((c) =>
    c === "email" ? contact.email : c === "whatsapp" ? contact.phone : contact.telegramChatId,
  );
  const chosen = (kind: (typeof OWNER_ALERT_KINDS)[number]) => prefs.kinds[kind] ?? [...CHANNELS];
  const toggle = (kind: (typeof OWNER_ALERT_KINDS)[number], channel: Channel, on: boolean) => {
    const next = on ? [...new Set([...chosen(kind), channel])] : chosen(kind).filter((c) => c !== channel);
    setPrefs({ ...prefs, kinds: { ...prefs.kinds, [kind]: next } });
  };
  const quiet = prefs.quietStart !== null;

  function save(event: FormEvent) {
    event.preventDefault();
    if (!prefs) return;
    put(`/v1/messaging/contacts/${contact.id}/alert-preferences`, prefs).then(
      () => props.saved(),
      props.fail,
    );
  }

  return (
    <form className="card alert-preferences" onSubmit={save} data-testid="alert-preferences">
      <table>
        <thead>
          <tr>
            <th>{t("messaging.kind")}</th>
            {available.map((c) => (
              <th key={c}>{t(`messaging.channel.${c}` as MessageKey)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {OWNER_ALERT_KINDS.map((kind) => (
            <tr key={kind}>
              <td>{t(`messaging.kind.${kind}` as MessageKey)}</td>
              {available.map((c) =>
                // The monthly summary is a PDF by email: its row's one box is the opt-out.
                kind === "monthly_summary" && c !== "email" ? (
                  <td key={c} />
                ) : (
                  <td key={c}>
                    <input
                      type="checkbox"
                      aria-label={`${t(`messaging.kind.${kind}` as MessageKey)} — ${t(`messaging.channel.${c}` as MessageKey)}`}
                      data-testid={`pref-${kind}-${c}`}
                      checked={chosen(kind).includes(c)}
                      onChange={(e) => toggle(kind, c, e.target.checked)}
                    />
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <fieldset>
        <legend>{t("messaging.quietHours")}</legend>
        <label className="check">
          <input
            type="checkbox"
            data-testid="pref-quiet"
            checked={quiet}
            onChange={(e) =>
              setPrefs({
                ...prefs,
                quietStart: e.target.checked ? "22:00" : null,
                quietEnd: e.target.checked ? "08:00" : null,
              })
            }
          />
          {quiet ? t("messaging.quietHours") : t("messaging.quietNone")}
        </label>
        {quiet ? (
          <>
            <label>
              {t("messaging.quietFrom")}
              <input
                type="time"
                data-testid="pref-quiet-start"
                value={prefs.quietStart ?? ""}
                onChange={(e) => setPrefs({ ...prefs, quietStart: e.target.value })}
              />
            </label>
            <label>
              {t("messaging.quietTo")}
              <input
                type="time"
                data-testid="pref-quiet-end"
                value={prefs.quietEnd ?? ""}
                onChange={(e) => setPrefs({ ...prefs, quietEnd: e.target.value })}
              />
            </label>
            <label>
              {t("messaging.bypass")}
              <select
                data-testid="pref-bypass"
                value={prefs.bypassSeverity ?? ""}
                onChange={(e) =>
                  setPrefs({ ...prefs, bypassSeverity: e.target.value ? Number(e.target.value) : null })
                }
              >
                {ALARM_SEVERITY_LEVELS.map((level) => (
                  <option key={level} value={level}>
                    {ALARM_SEVERITIES[level].names[locale]}
                  </option>
                ))}
                <option value="">{t("messaging.bypassNever")}</option>
              </select>
            </label>
            <p className="small muted">{t("messaging.lowStockWaits")}</p>
          </>
        ) : null}
      </fieldset>
      <button type="submit" className="primary" data-testid="pref-save">
        {t("common.save")}
      </button>
    </form>
  );
}
