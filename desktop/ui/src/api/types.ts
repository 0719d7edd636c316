/**
 * The shapes of the local API as written in desktop/src/api/README.md.
 * Fields the contract leaves open (sale lines, summaries, cash sessions) are typed loosely and read defensively.
 */
import type { IvaRate, PaymentMethod, Unit } from "@mostrador/contracts/http/sales";

export type Role = "cashier" | "manager" | "owner";
/** From least to most trusted, as desktop/src/staff/permissions.ts lists them. */
export const ROLES: readonly Role[] = ["cashier", "manager", "owner"];

export interface StaffOption {
  id: string;
  name: string;
  role: Role;
}
export interface Terminal {
  id: string;
  code: number;
  name: string;
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

export interface PrinterSettings {
  /** "tcp://host:9100", a device path such as "/dev/usb/lp0", or "" for no printer. */
  interface: string;
  type: "epson" | "star";
  widthMm: 58 | 80;
  openDrawerOnCash: boolean;
}
/** desktop/src/shop/settings.ts: the fields the till shows and edits; others (scale layouts, PIN lockout) pass through. */
export interface ShopSettings {
  name: string;
  legalName: string;
  taxId: string;
  address: string;
  receiptFooter: string;
  timeZone: string;
  locale: "es-AR" | "en";
  currency: string;
  discountLimitBp: number;
  negativeStock: "warn" | "block";
  printer: PrinterSettings;
  [key: string]: unknown;
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

export interface CashSession {
  id: string;
  status: "open" | "closed";
  openedAt: string;
  openingFloat: number;
  [key: string]: unknown;
}
export interface CashReport {
  sessionId: string;
  openedAt: string;
  closedAt: string | null;
  openingFloat: number;
  salesCount: number;
  grossSales: number;
  discounts: number;
  returns: { count: number; total: number };
  voids: { count: number; total: number };
  byMethod: { method: PaymentMethod; sales: number; refunds: number; net: number }[];
  byIvaRate: { rate: number; net: number; iva: number; total: number }[];
  cashIn: number;
  cashOut: number;
  expectedCash: number | null;
  countedCash: number | null;
  difference: number | null;
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
