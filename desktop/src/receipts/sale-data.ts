import type { PaymentMethod } from "@mostrador/contracts/http/sales";
import { DomainError } from "@mostrador/kernel/core/errors";
import type { Db } from "@mostrador/kernel/db/open";
import { type FiscalReceipt, fiscalReceiptOfSale } from "../invoicing/fiscal-receipt.js";

/** A committed sale, read back for its receipt. Printing only ever reads: it never changes a sale. */
export interface ReceiptSale {
  id: string;
  number: number;
  terminalCode: number;
  terminalName: string;
  status: "completed" | "voided";
  createdAt: string;
  staffName: string;
  /** The customer the sale names (empty once erased on request: not printed), or null. */
  customerName?: string | null;
  subtotal: number;
  lineDiscountTotal: number;
  ticketDiscountKind: "percent" | "amount" | null;
  ticketDiscountValue: number | null;
  ticketDiscountTotal: number;
  /** Loyalty points redeemed as a discount on the ticket, and what they took off (0 when none). */
  pointsDiscountPoints?: number;
  pointsDiscountTotal?: number;
  total: number;
  changeGiven: number;
  voidedAt: string | null;
  voidReason: string | null;
  lines: ReceiptLine[];
  payments: ReceiptPayment[];
  ivaByRate: { rate: number; net: number; iva: number }[];
  returns: { terminalCode: number; number: number; total: number; createdAt: string }[];
  /** The sale's customer, their account balance and points after this sale (accounts, loyalty); null: anonymous. */
  customer?: ReceiptCustomer | null;
  /** The sale's electronic invoice once ARCA authorised it (invoicing module); null: not a fiscal ticket. */
  fiscal?: FiscalReceipt | null;
}

export interface ReceiptCustomer {
  name: string;
  /** Null when the customer has no account and never had an entry. */
  accountBalance: number | null;
  /** Null when the shop has no points program and the customer never had an entry. */
  points: number | null;
}

export interface ReceiptLine {
  description: string;
  unit: "each" | "kg";
  /** Units, or grams for weighed goods. */
  quantity: number;
  unitPrice: number;
  gross: number;
  /** The discount as entered (percent in basis points, or centavos), so the ticket can say "Descuento 5%". */
  discountKind: "percent" | "amount" | null;
  discountValue: number | null;
  lineDiscount: number;
}

export interface ReceiptPayment {
  method: PaymentMethod;
  amount: number;
  tendered: number | null;
  reference: string | null;
}

export function loadReceiptSale(db: Db, saleId: string): ReceiptSale {
  const sale = db
    .prepare(
      `SELECT s.id, s.number, t.code AS terminalCode, t.name AS terminalName, s.status, s.created_at AS createdAt,
              st.name AS staffName, s.subtotal, s.line_discount_total AS lineDiscountTotal,
              s.ticket_discount_kind AS ticketDiscountKind, s.ticket_discount_value AS ticketDiscountValue,
              s.ticket_discount_total AS ticketDiscountTotal, s.points_discount_points AS pointsDiscountPoints,
              s.points_discount_total AS pointsDiscountTotal, s.total, s.change_given AS changeGiven,
              s.voided_at AS voidedAt, s.void_reason AS voidReason, COALESCE(m.name, c.name) AS customerName
         FROM sales s JOIN terminals t ON t.id = s.terminal_id JOIN staff st ON st.id = s.staff_id
         LEFT JOIN customers c ON c.id = s.customer_id LEFT JOIN customers m ON m.id = c.merged_into
        WHERE s.id = ?`,
    )
    .get(saleId) as Omit<ReceiptSale, "lines" | "payments" | "ivaByRate" | "returns"> | undefined;
  if (!sale) throw new DomainError("not_found", "sale_not_found", "La venta no existe");

  const lines = db
    .prepare(
      `SELECT description, unit, quantity, unit_price AS unitPrice, gross, discount_kind AS discountKind,
              discount_value AS discountValue, line_discount AS lineDiscount
         FROM sale_lines WHERE sale_id = ? ORDER BY line_no`,
    )
    .all(saleId) as ReceiptLine[];
  // rowid order is insertion order: payments print in the order the cashier took them.
  const payments = db
    .prepare("SELECT method, amount, tendered, reference FROM sale_payments WHERE sale_id = ? ORDER BY rowid")
    .all(saleId) as ReceiptPayment[];
  const ivaByRate = db
    .prepare(
      `SELECT iva_rate AS rate, SUM(net) AS net, SUM(iva) AS iva
         FROM sale_lines WHERE sale_id = ? GROUP BY iva_rate ORDER BY iva_rate DESC`,
    )
    .all(saleId) as ReceiptSale["ivaByRate"];
  const returns = db
    .prepare(
      `SELECT t.code AS terminalCode, r.number, r.total, r.created_at AS createdAt
         FROM returns r JOIN terminals t ON t.id = r.terminal_id WHERE r.sale_id = ? ORDER BY r.created_at`,
    )
    .all(saleId) as ReceiptSale["returns"];
  return {
    ...sale,
    lines,
    payments,
    ivaByRate,
    returns,
    customer: loadReceiptCustomer(db, saleId, sale.createdAt),
    fiscal: fiscalReceiptOfSale(db, saleId),
  };
}

/**
 * The customer's account balance and points as they stood right after this sale (its own entries
 * included), read from the accounts and loyalty ledgers (migration 0023): a reprint shows the same figures.
 */
function loadReceiptCustomer(db: Db, saleId: string, saleAt: string): ReceiptCustomer | null {
  const customer = db
    .prepare("SELECT c.id, c.name FROM sales s JOIN customers c ON c.id = s.customer_id WHERE s.id = ?")
    .get(saleId) as { id: string; name: string } | undefined;
  if (!customer) return null;
  const upTo = (table: string) =>
    `SELECT COUNT(*) AS n, COALESCE(SUM(${table === "account_entries" ? "amount" : "points"}), 0) AS total
       FROM ${table} WHERE customer_id = ?
        AND created_at <= COALESCE((SELECT MAX(created_at) FROM ${table} WHERE sale_id = ?), ?)`;
  const account = db.prepare(upTo("account_entries")).get(customer.id, saleId, saleAt) as {
    n: number;
    total: number;
  };
  const points = db.prepare(upTo("loyalty_entries")).get(customer.id, saleId, saleAt) as {
    n: number;
    total: number;
  };
  const hasLimit = db
    .prepare("SELECT 1 FROM customer_credit_limits WHERE customer_id = ? AND credit_limit IS NOT NULL")
    .get(customer.id);
  const loyaltyOn = db.prepare("SELECT enabled FROM loyalty_rules WHERE id = 1").get() as
    { enabled: number } | undefined;
  return {
    name: customer.name,
    accountBalance: hasLimit || account.n > 0 ? account.total : null,
    points: loyaltyOn?.enabled === 1 || points.n > 0 ? points.total : null,
  };
}
