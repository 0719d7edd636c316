import { alarmStatusName, isUnacknowledged, severityLevel, severityName } from "@mostrador/contracts/alarms";
import type { Alarm } from "@mostrador/contracts/http/alarms";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useLocale } from "../i18n/locale-store.js";
import { formatMeasure } from "../sensors/measure.js";
import "./alarms.css";

interface Props {
  alarm: Alarm;
  /** The unit of the sensor the rule watches, when known ("°C"). */
  unit: string;
  /** The open feed offers buttons; the history does not. */
  actions?: { canClear: boolean; busy: boolean; onAcknowledge(): void; onClear(): void };
}

/** One alarm: severity colour, device, rule, since when, value, status; acknowledge (anyone) and clear (devices.manage). */
export function AlarmRow({ alarm, unit, actions }: Props) {
  const t = useT();
  const format = useFormat();
  const locale = useLocale((s) => s.locale);
  const severity = severityLevel(alarm.severity);
  return (
    <tr
      className={`alarm-row severity-${severity} ${alarm.status}`}
      data-testid={actions ? "alarm-row" : "alarm-history-row"}
      data-status={alarm.status}
      data-severity={severity}
    >
      <td>
        <span className={`severity-chip severity-${severity}`}>{severityName(severity, locale)}</span>
      </td>
      <td>
        <strong>{alarm.deviceName ?? alarm.deviceId}</strong>
        <div className="muted small" data-testid="alarm-rule">
          {alarm.ruleName ??
            (alarm.source.startsWith("relay:")
              ? t("alarms.relaySource", { key: alarm.source.slice(6) })
              : alarm.source)}
        </div>
      </td>
      <td data-testid="alarm-message">
        {alarm.message}
        {alarm.raiseCount > 1 && (
          <span className="muted small"> · {t("alarms.times", { n: alarm.raiseCount })}</span>
        )}
      </td>
      <td className="num" data-testid="alarm-value">
        {alarm.value === null ? "—" : formatMeasure(alarm.value, unit, locale)}
      </td>
      <td className="small">
        {t("alarms.since", { when: format.dateTime(alarm.raisedAt) })}
        {alarm.clearedAt && (
          <div className="muted">{t("alarms.clearedAt", { when: format.dateTime(alarm.clearedAt) })}</div>
        )}
      </td>
      <td data-testid="alarm-status">
        {alarmStatusName(alarm.status, locale)}
        {alarm.status === "cleared_unacknowledged" && (
          <div className="muted small" data-testid="alarm-latched-hint">
            {t("alarms.latchedHint")}
          </div>
        )}
      </td>
      {actions && (
        <td className="row-actions">
          {isUnacknowledged(alarm.status) && (
            <button
              type="button"
              className="primary"
              disabled={actions.busy}
              data-testid="alarm-acknowledge"
              onClick={actions.onAcknowledge}
            >
              {t("alarms.acknowledge")}
            </button>
          )}
          {actions.canClear && (
            <button type="button" disabled={actions.busy} data-testid="alarm-clear" onClick={actions.onClear}>
              {t("alarms.clear")}
            </button>
          )}
        </td>
      )}
    </tr>
  );
}
