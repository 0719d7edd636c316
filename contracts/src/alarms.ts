/**
 * Alarms as every side names them: the gateway raises them with a severity and moves them through the
 * states below, the outbox carries them to the cloud, and the till and the owner's dashboard show them
 * with THESE words, so a fridge alarm is "Aviso" on the till and "Aviso" on the dashboard, never
 * "Gravedad 2". Pure data, no imports: the browser bundles of both UIs read it too.
 */

export type AlarmLocale = "es-AR" | "en";

/** Severity levels, 1 (least) to 4 (most): what the rules store and the cloud's AlarmPayload carries. */
export const ALARM_SEVERITY_LEVELS = [1, 2, 3, 4] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITY_LEVELS)[number];

/** The one table of severity names (ISA-18.2 / ThingsBoard style: info, warning, major, critical). */
export const ALARM_SEVERITIES: Record<AlarmSeverity, { key: string; names: Record<AlarmLocale, string> }> = {
  1: { key: "info", names: { "es-AR": "Info", en: "Info" } },
  2: { key: "warning", names: { "es-AR": "Aviso", en: "Warning" } },
  3: { key: "major", names: { "es-AR": "Grave", en: "Major" } },
  4: { key: "critical", names: { "es-AR": "Crítica", en: "Critical" } },
};

/** From "aviso" up an alarm latches: it stays until a person acknowledges it, also once its condition cleared. */
export const LATCHING_SEVERITY: AlarmSeverity = 2;
/** A critical alarm nobody acknowledged makes the till's badge pulse. */
export const CRITICAL_SEVERITY: AlarmSeverity = 4;

/** A level clamped into 1..4 (a stored value out of range still gets a name and a colour). */
export function severityLevel(level: number): AlarmSeverity {
  const n = Number.isFinite(level) ? Math.trunc(level) : 1;
  return Math.min(Math.max(n, 1), 4) as AlarmSeverity;
}

export function severityName(level: number, locale: AlarmLocale): string {
  return ALARM_SEVERITIES[severityLevel(level)].names[locale];
}

/**
 * An alarm's state is (condition active | cleared) × (acknowledged | not), as ThingsBoard and building
 * management systems latch them:
 * - `active`: the condition holds and nobody acknowledged it yet;
 * - `acknowledged`: the condition holds and someone is on it;
 * - `cleared_unacknowledged`: the condition cleared by itself (the door closed) but nobody has seen the
 *   alarm yet: it stays open until a person acknowledges it (severity ≥ LATCHING_SEVERITY only);
 * - `cleared`: closed, nothing left to do (cleared and acknowledged, cleared by hand, or an info alarm
 *   whose condition cleared).
 */
export const ALARM_STATUSES = ["active", "acknowledged", "cleared_unacknowledged", "cleared"] as const;
export type AlarmStatus = (typeof ALARM_STATUSES)[number];

export const ALARM_STATUS_NAMES: Record<AlarmStatus, Record<AlarmLocale, string>> = {
  active: { "es-AR": "Activa, sin reconocer", en: "Active, unacknowledged" },
  acknowledged: { "es-AR": "Activa, reconocida", en: "Active, acknowledged" },
  cleared_unacknowledged: { "es-AR": "Normalizada, sin reconocer", en: "Back to normal, unacknowledged" },
  cleared: { "es-AR": "Cerrada", en: "Closed" },
};

export function isAlarmStatus(status: unknown): status is AlarmStatus {
  return typeof status === "string" && (ALARM_STATUSES as readonly string[]).includes(status);
}

/** Still waiting for a person: what the badge counts and what acknowledging applies to. */
export function isUnacknowledged(status: string): boolean {
  return status === "active" || status === "cleared_unacknowledged";
}

/** Not closed yet: shown among the open alarms on the till and the dashboard. */
export function isOpenAlarm(status: string): boolean {
  return status !== "cleared";
}

export function alarmStatusName(status: string, locale: AlarmLocale): string {
  return isAlarmStatus(status) ? ALARM_STATUS_NAMES[status][locale] : status;
}
