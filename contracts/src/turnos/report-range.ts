import { TURNOS_REPORT_MAX_DAYS } from "../http/turnos.js";
import { Refusal } from "../refusal.js";
import { isDayKey } from "../zoned-day.js";

const DAY_MS = 86_400_000;

/**
 * The range rules of the turnos report, one copy for the desk (desktop/src/turnos/reports.ts) and the
 * dashboard (cloud/src/turnos/reports.ts): real days, not reversed, at most TURNOS_REPORT_MAX_DAYS.
 */
export function checkReportRange(from: string, to: string): void {
  if (!isDayKey(from) || !isDayKey(to)) throw new Refusal("invalid", "invalid_day", "La fecha no existe");
  if (to < from) throw new Refusal("invalid", "range_reversed", "La fecha final es anterior a la inicial");
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS + 1 > TURNOS_REPORT_MAX_DAYS)
    throw new Refusal(
      "invalid",
      "report_range_too_long",
      `El informe abarca hasta ${TURNOS_REPORT_MAX_DAYS} días por vez`,
    );
}
