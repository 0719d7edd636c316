import type { ShopSettings } from "@mostrador/contracts/http/settings";
import { type Ctx, isoNow } from "../core/context.js";
import { enqueueOutbox } from "../outbox/outbox.js";
import { updateSettings } from "../shop/settings.js";
import { recordAudit } from "./audit.js";
import type { Principal } from "./sessions.js";

/**
 * A person changing the shop settings: validated by shop/settings.ts, audited (lockout and discount limits are
 * security settings) and sent to the cloud, all in one transaction so an invalid value changes nothing.
 */
export function changeSettings(ctx: Ctx, actor: Principal, patch: Partial<ShopSettings>): ShopSettings {
  const next = ctx.db.transaction(() => {
    const next = updateSettings(ctx.db, patch);
    const at = isoNow(ctx);
    recordAudit(ctx.db, {
      at,
      staffId: actor.staffId,
      terminalId: actor.terminalId,
      action: "settings.updated",
      entity: "shop_settings",
      entityId: "shop",
      details: { keys: Object.keys(patch) },
    });
    enqueueOutbox(ctx.db, { entity: "shop_settings", entityId: "shop", op: "updated", payload: next, at });
    return next;
  })();
  ctx.bus.emit("settings.changed", { keys: Object.keys(patch) });
  return next;
}
