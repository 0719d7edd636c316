import { Type } from "@sinclair/typebox";
import { Id, Money, NonNegMoney, Nullable, Open, Text, Time } from "./fields.js";

/** cash_session/opened: the drawer's session starts with its float. */
export const CashOpenedPayload = Type.Object(
  { id: Id, terminalId: Id, openedBy: Id, openedAt: Time, openingFloat: NonNegMoney },
  Open,
);

/**
 * cash_session/closed: the Z report (desktop/src/cash/reports.ts Report), frozen at close. It is the
 * whole session, so the cloud can create it when "opened" has not arrived yet. Its openedBy and
 * closedBy are the staff's NAMES, as printed on the Z (opened's openedBy is the staff id).
 */
export const CashClosedPayload = Type.Object(
  {
    sessionId: Id,
    terminal: Type.Object({ id: Id }, Open),
    openedAt: Time,
    closedAt: Time,
    openedBy: Id,
    closedBy: Id,
    openingFloat: NonNegMoney,
    expectedCash: Money,
    countedCash: Nullable(Money),
    difference: Nullable(Money),
  },
  Open,
);

/** cash_movement/created: cash put into or taken out of the drawer outside a sale, or the drawer opened. */
export const CashMovementPayload = Type.Object(
  {
    id: Id,
    sessionId: Id,
    kind: Type.Union([Type.Literal("in"), Type.Literal("out"), Type.Literal("drawer_open")]),
    amount: NonNegMoney,
    reason: Text(500),
    staffId: Id,
    at: Time,
  },
  Open,
);
