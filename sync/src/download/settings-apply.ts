import type { ChangeMessage, Row } from "@electric-sql/client";
import type { Ctx } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";

/** Applies one batch of the store_settings shape (owner-set settings of this store) to cloud_store_settings. */
export function applySettingsMessages(
  ctx: Ctx,
  messages: ChangeMessage<Row>[],
  fromScratch: boolean,
): string[] {
  const keys = new Set<string>();
  if (fromScratch) stmt(ctx.db, "DELETE FROM cloud_store_settings").run();
  for (const m of messages) {
    const key = String(m.value.key);
    keys.add(key);
    if (m.headers.operation === "delete")
      stmt(ctx.db, "DELETE FROM cloud_store_settings WHERE key = ?").run(key);
    else
      stmt(
        ctx.db,
        "INSERT OR REPLACE INTO cloud_store_settings (key, value, updated_at) VALUES (?, ?, ?)",
      ).run(
        key,
        JSON.stringify(m.value.value ?? null),
        m.value.updated_at === null || m.value.updated_at === undefined ? null : String(m.value.updated_at),
      );
  }
  return [...keys];
}
