import type { HandlerRegistration, OwnedRows } from "../handlers.js";
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
 * op name and any JSON object accepted (appliances of every age keep uploading them). "product" and
 * "category" are not here: the catalog module projects them (catalog/product-ingest.ts,
 * catalog/category-ingest.ts). turno_booking, turno_professional and turno_service were kept here until
 * the turnos module projected them (cloud/src/turnos; migration 0019 made rows of what was kept).
 */
export const EVENT_ENTITIES = [
  "staff",
  "shop_settings",
  "cash_movement",
  "device",
  "rule",
  "relay_command",
  "invoice",
] as const satisfies readonly Exclude<Entity, "product" | "category">[];

/** The row an op is about (its entityId, checked against the payload's own id in validate-ops). */
const own = (table: string, reason: string): OwnedRows => ({ table, ids: (op) => [op.entityId], reason });

/**
 * The ingest module's projections (its manifest: ingest/module.ts): the till's sales, returns, cash
 * sessions, stock movements, alarms and owner notifications into their tables, and every
 * EVENT_ENTITIES entity kept verbatim in appliance_events.
 */
export const ingestProjections: Partial<Record<Entity, HandlerRegistration>> = {
  sale: {
    apply: applySaleOps,
    payloads: SYNC_OPS.sale,
    owns: [own("sales", "La venta pertenece a otro local")],
  },
  return: {
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
  },
  cash_session: {
    apply: applyCashSessionOps,
    payloads: SYNC_OPS.cash_session,
    owns: [own("cash_sessions", "La sesión de caja pertenece a otro local")],
  },
  stock_movement: {
    apply: (q, scope, ops) =>
      applyStockMovements(
        q,
        scope,
        ops.map((o) => o.payload as OpPayload<"stock_movement", "created">),
      ),
    payloads: SYNC_OPS.stock_movement,
    owns: [own("stock_movements", "El movimiento de stock pertenece a otro local")],
  },
  alarm: {
    apply: applyAlarmOps,
    // Any op name: an alarm's op only labels the change, its state is in the payload; the cloud has
    // accepted every name since alarms first uploaded, and an appliance may say one the map does not list.
    payloads: { ...SYNC_OPS.alarm, "*": SYNC_OPS.alarm.updated },
    owns: [own("alarms", "La alarma pertenece a otro local")],
  },
  notification: {
    apply: applyNotificationOps,
    payloads: SYNC_OPS.notification,
    owns: [own("owner_notifications", "El aviso pertenece a otro local")],
  },
  ...Object.fromEntries(
    EVENT_ENTITIES.map((entity) => [entity, { apply: storeApplianceEvents, payloads: { "*": AnyObject } }]),
  ),
};
