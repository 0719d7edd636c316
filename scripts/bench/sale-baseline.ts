import { newId } from "@mostrador/kernel/db/ids";
import type { BenchShop } from "./shop-fixture.js";

export const LINES_PER_SALE = 5;

/**
 * The floor a sale commit cannot beat: one better-sqlite3 transaction with statements prepared once,
 * writing the rows a 5-line sale needs and nothing else — the terminal's number counter, 1 sale,
 * 5 lines, 2 payments (debit + cash, a mixed payment), 5 stock movements (their trigger keeps
 * stock_on_hand), 1 outbox row with the sale as JSON. No validation, no totals, no reads.
 * Returns the operation to time; `i` picks the products so consecutive sales touch different rows.
 */
export function baselineSaleCommit(shop: BenchShop): (i: number) => void {
  const { db } = shop.ctx;
  const nextNumber = db.prepare(
    "UPDATE terminals SET next_sale_number = next_sale_number + 1 WHERE id = ? RETURNING next_sale_number - 1 AS number",
  );
  const insertSale = db.prepare(
    `INSERT INTO sales (id, terminal_id, number, cash_session_id, staff_id, status, subtotal, line_discount_total,
       ticket_discount_total, total, net_total, iva_total, change_given, created_at)
     VALUES (?, ?, ?, ?, ?, 'completed', ?, 0, 0, ?, ?, ?, ?, ?)`,
  );
  const insertLine = db.prepare(
    `INSERT INTO sale_lines (id, sale_id, line_no, product_id, description, unit, quantity, unit_price, gross,
       line_discount, ticket_discount_share, total, iva_rate, net, iva)
     VALUES (?, ?, ?, ?, ?, 'each', ?, ?, ?, 0, 0, ?, ?, ?, ?)`,
  );
  const insertPayment = db.prepare(
    "INSERT INTO sale_payments (id, sale_id, method, amount, tendered, reference) VALUES (?, ?, ?, ?, ?, NULL)",
  );
  const insertMovement = db.prepare(
    "INSERT INTO stock_movements (id, product_id, quantity, reason, ref_id, staff_id, at) VALUES (?, ?, ?, 'sale', ?, ?, ?)",
  );
  const insertOutbox = db.prepare(
    "INSERT INTO outbox (id, entity, entity_id, op, payload, created_at) VALUES (?, 'sale', ?, 'created', ?, ?)",
  );

  const commit = db.transaction((i: number) => {
    const saleId = newId();
    const at = new Date().toISOString();
    const lines = saleProducts(shop, i).map((p, n) => {
      const quantity = 1 + (n % 3);
      const total = p.price * quantity;
      // Net = total / (1 + rate), rounded; a fixed-point integer division is all the floor needs.
      const net = Math.round((total * 10000) / (10000 + p.ivaRate));
      return { id: newId(), lineNo: n + 1, product: p, quantity, total, net, iva: total - net };
    });
    const total = lines.reduce((s, l) => s + l.total, 0);
    const net = lines.reduce((s, l) => s + l.net, 0);
    const debit = Math.floor(total / 2);
    const cash = total - debit;
    const { number } = nextNumber.get(shop.terminalId) as { number: number };
    insertSale.run(
      saleId,
      shop.terminalId,
      number,
      shop.cashSessionId,
      shop.cashier.staffId,
      total,
      total,
      net,
      total - net,
      0,
      at,
    );
    for (const l of lines) {
      insertLine.run(
        l.id,
        saleId,
        l.lineNo,
        l.product.id,
        l.product.name,
        l.quantity,
        l.product.price,
        l.total,
        l.total,
        l.product.ivaRate,
        l.net,
        l.iva,
      );
    }
    insertPayment.run(newId(), saleId, "debit", debit, null);
    insertPayment.run(newId(), saleId, "cash", cash, cash);
    for (const l of lines)
      insertMovement.run(newId(), l.product.id, -l.quantity, saleId, shop.cashier.staffId, at);
    const payload = {
      id: saleId,
      number,
      terminalId: shop.terminalId,
      total,
      netTotal: net,
      ivaTotal: total - net,
      lines,
      createdAt: at,
    };
    insertOutbox.run(newId(), saleId, JSON.stringify(payload), at);
  });
  return (i) => commit(i);
}

/** The 5 products of sale `i`: a sliding window over the catalog, the same for baseline and commitSale. */
export function saleProducts(shop: BenchShop, i: number): BenchShop["products"] {
  const n = shop.products.length;
  const start = ((i % n) + n) % n;
  return Array.from(
    { length: LINES_PER_SALE },
    (_, k) => shop.products[(start + k * 7) % n] as BenchShop["products"][number],
  );
}
