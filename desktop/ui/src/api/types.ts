/**
 * The live events socket (/api/events, desktop/src/api/events-ws.ts): what is left here until the bus's
 * events have their contract (they are declared in desktop/src/core/events.ts). Every HTTP request and
 * answer the till reads is typed by @mostrador/contracts/http/<module>.
 */

export type ServerEventType =
  | "sale.committed"
  | "sale.voided"
  | "return.committed"
  | "stock.changed"
  | "cash.changed"
  | "catalog.changed"
  | "alarm.changed";
export interface ServerEvent {
  type: ServerEventType;
  payload: Record<string, unknown>;
}
