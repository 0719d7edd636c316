import { registerDefaultHandler, type OwnedRows } from "../handlers.js";
import { AnyObject } from "@mostrador/contracts/sync/appliance-events";
import { SYNC_OPS, type Entity, type OpPayload } from "@mostrador/contracts/sync/ops";
import { applyAlarmOps, applyNotificationOps } from "./alarms.js";
import { applyCashSessionOps } from "./cash.js";
import { storeApplianceEvents } from "./events.js";
import { applyReturnOps } from "./returns.js";
import { applySaleOps } from "./sales.js";
import { applyStockMovements } from "./stock.js";

/**
 * Entities the appliance and gateway enqueue that have no projection yet: kept in appliance_events, any
 * op name and any JSON object accepted (appliances of every age keep uploading them).
 */
export const EVENT_ENTITIES = [
  "product", // HOOK: C3 registers the product projection with registerHandler("product", ...)
  "category",
  "staff",
  "shop_settings",
  "cash_movement",
  "device",
  "rule",
  "relay_command",
] as const satisfies readonly Entity[];

/** The row an op is about (its entityId, checked against the payload's own id in validate-ops). */
const own = (table: string, reason: string): OwnedRows => ({ table, ids: (op) => [op.entityId], reason });

registerDefaultHandler("sale", {
  apply: applySaleOps,
  payloads: SYNC_OPS.sale,
  owns: [own("sales", "La venta pertenece a otro local")],
});
registerDefaultHandler("return", {
  apply: applyReturnOps,
  payloads: SYNC_OPS.return,
  owns: [
    own("returns", "La devolución pertenece a otro local"),
    {
      table: "sales",
      ids: (op) => [(op.payload as OpPayload<"return", "created">).saleId],
      reason: "La venta devuelta pertenece a otro local",
    },
  ],
});
registerDefaultHandler("cash_session", {
  apply: applyCashSessionOps,
  payloads: SYNC_OPS.cash_session,
  owns: [own("cash_sessions", "La sesión de caja pertenece a otro local")],
});
registerDefaultHandler("stock_movement", {
  apply: (q, scope, ops) =>
    applyStockMovements(
      q,
      scope,
      ops.map((o) => o.payload as OpPayload<"stock_movement", "created">),
    ),
  payloads: SYNC_OPS.stock_movement,
  owns: [own("stock_movements", "El movimiento de stock pertenece a otro local")],
});
registerDefaultHandler("alarm", {
  apply: applyAlarmOps,
  // Any op name: an alarm's op only labels the change, its state is in the payload; the cloud has
  // accepted every name since alarms first uploaded, and an appliance may say one the map does not list.
  payloads: { ...SYNC_OPS.alarm, "*": SYNC_OPS.alarm.updated },
  owns: [own("alarms", "La alarma pertenece a otro local")],
});
registerDefaultHandler("notification", {
  apply: applyNotificationOps,
  payloads: SYNC_OPS.notification,
  owns: [own("owner_notifications", "El aviso pertenece a otro local")],
});
for (const entity of EVENT_ENTITIES)
  registerDefaultHandler(entity, { apply: storeApplianceEvents, payloads: { "*": AnyObject } });
