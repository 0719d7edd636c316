import { useT } from "../i18n/use-i18n.js";
import { useNav } from "../nav/nav-store.js";
import { badgeState } from "./alarm-count.js";
import { useAlarms } from "./alarms-store.js";
import "./alarms.css";

/**
 * In the nav bar on every screen, the till included: how many alarms nobody has acknowledged yet. A critical
 * one makes it pulse. Hidden when there are none; a click opens the alarms feed.
 */
export function AlarmBadge() {
  const t = useT();
  const open = useAlarms((s) => s.open);
  const goSensors = useNav((s) => s.goSensors);
  const { count, critical } = badgeState(open);
  if (count === 0) return null;
  return (
    <button
      type="button"
      tabIndex={-1}
      className={`alarm-badge${critical ? " critical" : ""}`}
      data-testid="alarm-badge"
      data-count={count}
      data-critical={critical ? "true" : "false"}
      title={t("alarms.badgeTitle", { n: count })}
      onClick={() => goSensors("alarms")}
    >
      {t("alarms.badge", { n: count })}
    </button>
  );
}
