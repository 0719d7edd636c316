import { useEffect, useState } from "react";
import type { Alarm } from "@mostrador/contracts/http/alarms";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useRules } from "../rules/rules-store.js";
import { useDevices } from "../sensors/devices-store.js";
import { useSession } from "../session/session-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { AlarmRow } from "./AlarmRow.js";
import { useAlarms } from "./alarms-store.js";

/** Open alarms first (unacknowledged, most severe, newest), the history below. Updated live from "alarm.changed". */
export function AlarmsPanel() {
  const t = useT();
  const format = useFormat();
  const canClear = useSession((s) => s.can("devices.manage"));
  const { open, history, loaded, refresh, acknowledge, clear } = useAlarms();
  const rules = useRules((s) => s.list);
  const devices = useDevices((s) => s.list);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // runs on mount, not on every render.
  useEffect(() => {
    refresh().catch((e) => setError(format.error(e)));
    // Only for the units of the values shown: an alarm still reads fine without them.
    if (!useRules.getState().loaded)
      void useRules
        .getState()
        .refresh()
        .catch(() => {});
  }, []);
  const unitOf = (alarm: Alarm) => {
    const condition = rules.find((r) => r.id === alarm.ruleId)?.condition;
    const key = condition && "key" in condition ? condition.key : null;
    return devices.find((d) => d.id === alarm.deviceId)?.sensors.find((s) => s.key === key)?.unit ?? "";
  };

  const act = async (alarm: Alarm, action: (id: string) => Promise<void>) => {
    setBusyId(alarm.id);
    setError(null);
    try {
      await action(alarm.id);
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusyId(null);
    }
  };
  const closed = history.filter((a) => a.status === "cleared");

  return (
    <div data-testid="alarms-panel">
      <ErrorText text={error} testId="alarms-error" />
      <h2>{t("alarms.open")}</h2>
      {loaded && open.length === 0 && (
        <p className="muted" data-testid="alarms-none">
          {t("alarms.none")}
        </p>
      )}
      {open.length > 0 && (
        <table className="list static alarms">
          <tbody>
            {open.map((alarm) => (
              <AlarmRow
                key={alarm.id}
                alarm={alarm}
                unit={unitOf(alarm)}
                actions={{
                  canClear,
                  busy: busyId === alarm.id,
                  onAcknowledge: () => void act(alarm, acknowledge),
                  onClear: () => void act(alarm, clear),
                }}
              />
            ))}
          </tbody>
        </table>
      )}
      <h2 className="spaced">{t("alarms.history")}</h2>
      {loaded && closed.length === 0 && <p className="muted">{t("common.none")}</p>}
      {closed.length > 0 && (
        <table className="list static alarms history" data-testid="alarms-history">
          <tbody>
            {closed.map((alarm) => (
              <AlarmRow key={alarm.id} alarm={alarm} unit={unitOf(alarm)} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
