import { registerDefaultHandler, type OwnedRows } from "../handlers.js";
import {
  AlarmPayload,
  AnyObject,
  CashClosedPayload,
  CashOpenedPayload,
  NotificationPayload,
  ReturnPayload,
  SalePayload,
  StockMovementPayload,
} from "../payload-schemas.js";
import { applyAlarmOps, applyNotificationOps } from "./alarms.js";
import { applyCashSessionOps } from "./cash.js";
import { storeApplianceEvents } from "./events.js";
import { applyReturnOps } from "./returns.js";
import { applySaleOps } from "./sales.js";
import { applyStockMovements } from "./stock.js";

/** Entities the appliance and gateway enqueue that have no projection yet: kept in appliance_events. */
export const EVENT_ENTITIES = [
  "product", // HOOK: C3 registers the product projection with registerHandler("product", ...)
  "category",
  "staff",
  "shop_settings",
  "cash_movement",
  "device",
  "rule",
  "relay_command",
] as const;

/** The row an op is about (its entityId, checked against the payload's own id in validate-ops). */
const own = (table: string, reason: string): OwnedRows => ({ table, ids: (op) => [op.entityId], reason });

registerDefaultHandler("sale", {
  apply: applySaleOps,
  payloads: { created: SalePayload, voided: SalePayload },
  owns: [own("sales", "La venta pertenece a otro local")],
});
registerDefaultHandler("return", {
  apply: applyReturnOps,
  payloads: { created: ReturnPayload },
  owns: [
    own("returns", "La devolución pertenece a otro local"),
    {
      table: "sales",
      ids: (op) => [(op.payload as { saleId: string }).saleId],
      reason: "La venta devuelta pertenece a otro local",
    },
  ],
});
registerDefaultHandler("cash_session", {
  apply: applyCashSessionOps,
  payloads: { opened: CashOpenedPayload, closed: CashClosedPayload },
  owns: [own("cash_sessions", "La sesión de caja pertenece a otro local")],
});
registerDefaultHandler("stock_movement", {
  apply: (q, scope, ops) =>
    applyStockMovements(
      q,
      scope,
      ops.map((o) => o.payload as Parameters<typeof applyStockMovements>[2][number]),
    ),
  payloads: { created: StockMovementPayload },
  owns: [own("stock_movements", "El movimiento de stock pertenece a otro local")],
});
registerDefaultHandler("alarm", {
  apply: applyAlarmOps,
  payloads: { "*": AlarmPayload },
  owns: [own("alarms", "La alarma pertenece a otro local")],
});
registerDefaultHandler("notification", {
  apply: applyNotificationOps,
  payloads: { created: NotificationPayload },
  owns: [own("owner_notifications", "El aviso pertenece a otro local")],
});
for (const entity of EVENT_ENTITIES)
  registerDefaultHandler(entity, { apply: storeApplianceEvents, payloads: { "*": AnyObject } });
