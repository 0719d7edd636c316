import type { ChangeMessage, Row } from "@electric-sql/client";
import {
  OnlineOrderLines,
  ONLINE_ORDER_CHANNELS,
  ONLINE_ORDER_STATUSES,
} from "@mostrador/contracts/sync/online-orders";
import type { Ctx } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";
import { Value } from "@sinclair/typebox/value";

/** A Postgres text timestamp ("2026-03-02 12:00:00+00") as ISO-8601 UTC, or "" if unreadable. */
const isoOf = (v: unknown): string => {
  const ms = Date.parse(
    String(v)
      .replace(" ", "T")
      .replace(/([+-]\d\d)$/, "$1:00"),
  );
  return Number.isFinite(ms) ? new Date(ms).toISOString() : "";
};

/**
 * The `online_orders` shape (cloud/src/channels/): the channels' orders for this store, the latest state
 * of each kept in `online_orders` (appliance migration 0044) in the batch's transaction. An older state
 * never replaces a newer one (updated_at), and the columns the till will own (reserved_at, sale_id) are
 * never touched. A row this version cannot read is skipped rather than jamming the shape. Returns the ids.
 */
export function applyOnlineOrderMessages(ctx: Ctx, messages: ChangeMessage<Row>[]): string[] {
  const upsert = stmt(
    ctx.db,
    `INSERT INTO online_orders (id, channel, remote_order_id, remote_pack_id, number, status, buyer_name, total, lines, placed_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, buyer_name = excluded.buyer_name, total = excluded.total,
       lines = excluded.lines, remote_pack_id = excluded.remote_pack_id, updated_at = excluded.updated_at
     WHERE excluded.updated_at >= online_orders.updated_at`,
  );
  const ids: string[] = [];
  for (const m of messages) {
    if (m.headers.operation === "delete") continue;
    const v = m.value;
    let lines: unknown;
    try {
      lines = typeof v.lines === "string" ? JSON.parse(v.lines) : v.lines;
    } catch {
      continue;
    }
    const total = Number(v.total);
    const placedAt = isoOf(v.placed_at);
    const updatedAt = isoOf(v.updated_at);
    if (
      !v.id ||
      !ONLINE_ORDER_CHANNELS.includes(v.channel as never) ||
      !ONLINE_ORDER_STATUSES.includes(v.status as never) ||
      !Number.isSafeInteger(total) ||
      total < 0 ||
      !placedAt ||
      !updatedAt ||
      !Value.Check(OnlineOrderLines, lines)
    )
      continue;
    const done = upsert.run(
      String(v.id),
      String(v.channel),
      String(v.remote_order_id),
      v.remote_pack_id === null || v.remote_pack_id === undefined ? null : String(v.remote_pack_id),
      String(v.number),
      String(v.status),
      String(v.buyer_name ?? ""),
      total,
      JSON.stringify(lines),
      placedAt,
      updatedAt,
    );
    if (done.changes === 1) ids.push(String(v.id));
  }
  return ids;
}
