import type { Ctx } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";

/** A cloud row this appliance could not take, kept (latest per key) for a person to resolve. */
export function recordReject(
  ctx: Ctx,
  shape: string,
  pk: string,
  reason: string,
  row: unknown,
  at: string,
): void {
  stmt(
    ctx.db,
    "INSERT OR REPLACE INTO download_rejects (shape, pk, reason, row, at) VALUES (?, ?, ?, ?, ?)",
  ).run(
    shape,
    pk,
    reason.slice(0, 500),
    JSON.stringify(row, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)),
    at,
  );
}
