/**
 * The shapes of the local API as written in desktop/src/api/README.md.
 * Fields the contract leaves open (sale lines, summaries, cash sessions) are typed loosely and read defensively.
 */
import type { Terminal } from "@mostrador/contracts/http/settings";

export type Role = "cashier" | "manager" | "owner";
/** From least to most trusted, as desktop/src/staff/permissions.ts lists them. */
export const ROLES: readonly Role[] = ["cashier", "manager", "owner"];

export interface StaffOption {
  id: string;
  name: string;
  role: Role;
}
export interface AuthOptions {
  staff: StaffOption[];
  terminals: Terminal[];
  locale: string;
}
export interface LoggedStaff extends StaffOption {
  permissions: string[];
}
export interface LoginAnswer {
  token: string;
  staff: LoggedStaff;
  terminal: Terminal;
}

/** A staff member as GET /api/staff lists them (staff.manage). */
export interface StaffMember {
  id: string;
  name: string;
  role: Role;
  active: boolean;
  /** Set only while a lockout is running. */
  lockedUntil: string | null;
}

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
