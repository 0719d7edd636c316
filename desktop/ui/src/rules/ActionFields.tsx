import { ALARM_SEVERITY_LEVELS, severityName } from "@mostrador/contracts/alarms";
import type { Severity } from "@mostrador/contracts/http/rules";
import type { Device } from "@mostrador/contracts/http/devices";
import { useLocale } from "../i18n/locale-store.js";
import { useT } from "../i18n/use-i18n.js";
import { type ActionForm, MAX_ACTIONS, MESSAGE_MAX } from "./rule-form.js";

const KINDS: ActionForm["kind"][] = ["alarm", "relay", "notify", "log"];

function blank(kind: ActionForm["kind"], device: Device | undefined): ActionForm {
  if (kind === "alarm") return { kind, severity: 2, message: "" };
  if (kind === "relay") return { kind, relayKey: device?.relays[0]?.key ?? "", state: "ON", minutes: "" };
  return { kind, message: "" };
}

/** What the rule does when it raises: alarm (severity 1–4), relay ON/OFF (optionally for N minutes), notify, log. */
export function ActionFields({
  actions,
  device,
  onChange,
}: {
  actions: ActionForm[];
  device: Device | undefined;
  onChange(actions: ActionForm[]): void;
}) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const set = (i: number, action: ActionForm) => onChange(actions.map((a, j) => (j === i ? action : a)));
  return (
    <fieldset className="channels">
      <legend>{t("rules.actions")}</legend>
      {actions.map((action, i) => (
        // unsaved rows; order is their identity.
        <div className="channel-row" key={i} data-testid="rule-action">
          <select
            aria-label={t("rules.actionKind")}
            value={action.kind}
            data-testid="rule-action-kind"
            onChange={(e) => set(i, blank(e.target.value as ActionForm["kind"], device))}
          >
            {KINDS.map((k) => (
              <option key={k} value={k} disabled={k === "relay" && !device?.relays.length}>
                {t(`rules.action.${k}`)}
              </option>
            ))}
          </select>
          {action.kind === "alarm" && (
            <select
              aria-label={t("rules.severity")}
              value={action.severity}
              data-testid="rule-action-severity"
              onChange={(e) => set(i, { ...action, severity: Number(e.target.value) as Severity })}
            >
              {ALARM_SEVERITY_LEVELS.map((s) => (
                <option key={s} value={s}>
                  {severityName(s, locale)}
                </option>
              ))}
            </select>
          )}
          {action.kind === "relay" && (
            <>
              <select
                aria-label={t("rules.relay")}
                value={action.relayKey}
                data-testid="rule-action-relay"
                onChange={(e) => set(i, { ...action, relayKey: e.target.value })}
              >
                {device?.relays.map((r) => (
                  <option key={r.key} value={r.key}>
                    {r.name}
                  </option>
                ))}
              </select>
              <select
                aria-label={t("rules.relayState")}
                value={action.state}
                data-testid="rule-action-state"
                onChange={(e) => set(i, { ...action, state: e.target.value as "ON" | "OFF", minutes: "" })}
              >
                <option value="ON">{t("relay.turnOn")}</option>
                <option value="OFF">{t("relay.turnOff")}</option>
              </select>
              {action.state === "ON" && (
                <input
                  type="text"
                  inputMode="decimal"
                  aria-label={t("relay.minutes")}
                  placeholder={t("rules.relayMinutes")}
                  value={action.minutes}
                  data-testid="rule-action-minutes"
                  onChange={(e) => set(i, { ...action, minutes: e.target.value })}
                />
              )}
            </>
          )}
          {action.kind !== "relay" && (
            <input
              type="text"
              className="grow"
              maxLength={MESSAGE_MAX}
              aria-label={t("rules.message")}
              placeholder={t("rules.messagePlaceholder")}
              value={action.message}
              data-testid="rule-action-message"
              onChange={(e) => set(i, { ...action, message: e.target.value })}
            />
          )}
          <button
            type="button"
            className="link"
            disabled={actions.length <= 1}
            data-testid="rule-action-remove"
            onClick={() => onChange(actions.filter((_, j) => j !== i))}
          >
            {t("common.remove")}
          </button>
        </div>
      ))}
      <button
        type="button"
        disabled={actions.length >= MAX_ACTIONS}
        data-testid="rule-add-action"
        onClick={() => onChange([...actions, blank("notify", device)])}
      >
        {t("rules.addAction")}
      </button>
    </fieldset>
  );
}
