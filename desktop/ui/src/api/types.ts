/**
 * The shapes of the local API as written in desktop/src/api/README.md.
 * Fields the contract leaves open (sale lines, summaries, cash sessions) are typed loosely and read defensively.
 */
import type { IvaRate, Unit } from "@mostrador/contracts/http/sales";
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

export interface Product {
  id: string;
  sku: string;
  name: string;
  categoryId: string | null;
  categoryName: string | null;
  price: number;
  ivaRate: IvaRate;
  unit: Unit;
  barcodes: string[];
  scaleCode: number | null;
  lowStockThreshold: number | null;
  active: boolean;
  onHand: number;
}
export interface ProductPage {
  items: Product[];
  total: number;
}
export interface Category {
  id: string;
  name: string;
}
export interface ScanAnswer {
  product: Product;
  quantity: number;
  /** Set for label-scale codes that carry the price (or a weight priced by the scale). */
  labelTotal: number | null;
  barcode: string;
  /** "weight_label" / "price_label": the scale's label fixed the quantity or price; "barcode": one unit (or weigh it). */
  source: "barcode" | "weight_label" | "price_label";
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
