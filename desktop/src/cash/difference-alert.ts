import { formatMoney } from "@mostrador/contracts/money";
import type { Ctx } from "@mostrador/kernel/core/context";
import { notifyOwner } from "@mostrador/kernel/notifications/notify-owner";
import { getSettings } from "@mostrador/kernel/shop/settings";
import type { Report } from "./reports.js";

/**
 * At a cierre Z whose counted cash differs from the expected by more than the shop's limit (either way),
 * tells the owner, inside the close's transaction: the alert exists if and only if the close committed,
 * and the session's id makes it one message however often it is uploaded. Limit 0: never.
 */
export function notifyCashDifference(ctx: Ctx, z: Report, closedAt: string): void {
  const limit = getSettings(ctx.db).cashDifferenceAlert;
  const difference = z.difference;
  if (limit === 0 || difference === null || Math.abs(difference) <= limit) return;
  const what = difference < 0 ? "Faltante" : "Sobrante";
  notifyOwner(ctx.db, {
    kind: "cash_difference",
    message:
      `${what} de caja en ${z.terminal.name}: ${formatMoney(Math.abs(difference))} ` +
      `(esperado ${formatMoney(z.expectedCash)}, contado ${formatMoney(z.countedCash ?? 0)}; cierre Z de ` +
      `${z.closedBy ?? "alguien"})`,
    at: closedAt,
    dedupeKey: `cash_difference:${z.sessionId}`,
  });
}
