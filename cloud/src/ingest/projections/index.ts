import { registerDefaultHandler } from "../handlers.js";
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

registerDefaultHandler("sale", {
  apply: applySaleOps,
  payloads: { created: SalePayload, voided: SalePayload },
});
registerDefaultHandler("return", { apply: applyReturnOps, payloads: { created: ReturnPayload } });
registerDefaultHandler("cash_session", {
  apply: applyCashSessionOps,
  payloads: { opened: CashOpenedPayload, closed: CashClosedPayload },
});
registerDefaultHandler("stock_movement", {
  apply: (q, scope, ops) =>
    applyStockMovements(
      q,
      scope,
      ops.map((o) => o.payload as Parameters<typeof applyStockMovements>[2][number]),
    ),
  payloads: { created: StockMovementPayload },
});
registerDefaultHandler("alarm", { apply: applyAlarmOps, payloads: { "*": AlarmPayload } });
registerDefaultHandler("notification", {
  apply: applyNotificationOps,
  payloads: { created: NotificationPayload },
});
for (const entity of EVENT_ENTITIES)
  registerDefaultHandler(entity, { apply: storeApplianceEvents, payloads: { "*": AnyObject } });
