import type { Ctx } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";

/**
 * Whether this appliance is linked to a cloud, and as which store. Unlinked (a single shop with no
 * cloud), the appliance itself owns its customers' credit and points: the limits it sets are its whole
 * allowance. Read from sync's enrollment row (sync/src/upload/migrations/0009_sync_upload.sql).
 */
export function storeLink(ctx: Ctx): { storeId: string; enrolledAt: string } | null {
  const row = stmt(
    ctx.db,
    "SELECT store_id AS storeId, enrolled_at AS enrolledAt FROM sync_credentials WHERE id = 1",
  ).get() as { storeId: string; enrolledAt: string } | undefined;
  return row ?? null;
}
