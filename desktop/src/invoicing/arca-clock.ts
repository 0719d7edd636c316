import { isoNow, type Ctx } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";

/** A PC clock off by more than this is shown as a warning (ARCA itself tolerates a few minutes). */
export const CLOCK_WARNING_MS = 60_000;

const ARCA_OFFSET_MS = -3 * 3_600_000;

/** Whole minutes, said the way a person reads them. */
export function clockWarning(offsetMs: number | null): string | null {
  if (offsetMs === null || Math.abs(offsetMs) <= CLOCK_WARNING_MS) return null;
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const way = offsetMs > 0 ? "atrasado" : "adelantado";
  return `El reloj de esta PC está ${way} ${minutes} min respecto de ARCA: se factura con la hora de ARCA, pero corregí la hora del equipo`;
}

/** Remembers ARCA's clock minus ours, measured from an answer's time (HTTP Date, whole seconds). */
export function recordServerTime(ctx: Ctx, serverTime: Date | null, localAtAnswer: Date): void {
  if (!serverTime) return;
  let offset = serverTime.getTime() - localAtAnswer.getTime();
  // The Date header has whole seconds: under two seconds apart is the same clock.
  if (Math.abs(offset) < 2_000) offset = 0;
  stmt(ctx.db, "UPDATE invoicing_setup SET clock_offset_ms = ?, clock_checked_at = ? WHERE id = 1").run(
    offset,
    isoNow(ctx),
  );
}

/** The time as ARCA sees it: our clock corrected by the last measured offset. */
export function arcaNow(ctx: Ctx): Date {
  const row = stmt(ctx.db, "SELECT clock_offset_ms AS o FROM invoicing_setup WHERE id = 1").get() as
    { o: number | null } | undefined;
  return new Date(ctx.clock.now().getTime() + (row?.o ?? 0));
}

/** yyyymmdd of an instant on ARCA's calendar (Argentina, UTC-3 without DST). */
export function arcaDay(at: Date): string {
  return new Date(at.getTime() + ARCA_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, "");
}

/** yyyymmddhhmmss on ARCA's calendar (CbteFchHsGen). */
export function arcaStamp(at: Date): string {
  return new Date(at.getTime() + ARCA_OFFSET_MS).toISOString().slice(0, 19).replace(/[-T:]/g, "");
}
