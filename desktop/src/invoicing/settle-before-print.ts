import type { Ctx } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";
import { runInvoicing } from "./invoice-runner.js";

/** How long a ticket waits for ARCA before it prints without the CAE (then it is reprinted from Historial). */
export const PRINT_WAIT_MS = 8_000;

/**
 * Before a sale's ticket or a return's slip is previewed or printed: if its comprobante is still queued or
 * being sent (the sale committed a moment ago), work the queue first, for at most PRINT_WAIT_MS, so the
 * paper is the factura with its CAE. ARCA slow or down never blocks printing beyond that wait.
 */
export async function settleBeforePrint(ctx: Ctx, of: { saleId?: string; returnId?: string }): Promise<void> {
  const pending = stmt(
    ctx.db,
    `SELECT 1 FROM invoices WHERE status IN ('queued', 'sending')
        AND ((sale_id = ? AND kind = 'invoice') OR return_id = ?)`,
  ).get(of.saleId ?? null, of.returnId ?? null);
  if (!pending) return;
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, PRINT_WAIT_MS);
    timer.unref();
  });
  await Promise.race([
    runInvoicing(ctx).then(
      () => undefined,
      () => undefined,
    ),
    waited,
  ]);
  clearTimeout(timer);
}
