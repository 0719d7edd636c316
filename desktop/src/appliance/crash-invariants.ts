import Database from "better-sqlite3";

/**
 * What must hold in the appliance database after any crash, checked on the file itself.
 * Each check returns human-readable violations (an empty list when it holds), so a failing
 * crash test prints what broke instead of "expected false to be true".
 */

export function openReadOnly(file: string): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true });
}

type Row = Record<string, unknown>;
const describe = (rows: Row[], what: string) => rows.map((r) => `${what}: ${JSON.stringify(r)}`);

/** No half-written sale: every sale has ≥1 line, its lines add up to its total and so do its payments. */
export function partialSales(db: Database.Database): string[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.total,
              (SELECT COUNT(*) FROM sale_lines l WHERE l.sale_id = s.id) AS lines,
              (SELECT COALESCE(SUM(l.total), 0) FROM sale_lines l WHERE l.sale_id = s.id) AS linesTotal,
              (SELECT COALESCE(SUM(p.amount), 0) FROM sale_payments p WHERE p.sale_id = s.id) AS paid
         FROM sales s`,
    )
    .all() as Row[];
  return describe(
    rows.filter((r) => r.lines === 0 || r.linesTotal !== r.total || r.paid !== r.total),
    "venta incompleta o que no suma",
  );
}

/**
 * The stock ledger agrees with the sales: for every product, what its 'sale' movements took out equals
 * the quantities on lines of completed sales; each sale has exactly one movement per line; and the
 * stock_on_hand cache equals SUM of the ledger.
 */
export function stockLedgerMismatches(db: Database.Database): string[] {
  const byProduct = db
    .prepare(
      `SELECT p.id,
              COALESCE((SELECT -SUM(m.quantity) FROM stock_movements m WHERE m.product_id = p.id AND m.reason = 'sale'), 0) AS moved,
              COALESCE((SELECT SUM(l.quantity) FROM sale_lines l JOIN sales s ON s.id = l.sale_id
                         WHERE l.product_id = p.id AND s.status = 'completed'), 0) AS sold
         FROM products p`,
    )
    .all() as Row[];
  const bySale = db
    .prepare(
      `SELECT s.id,
              (SELECT COUNT(*) FROM sale_lines l WHERE l.sale_id = s.id) AS lines,
              (SELECT COUNT(*) FROM stock_movements m WHERE m.ref_id = s.id AND m.reason = 'sale') AS movements
         FROM sales s`,
    )
    .all() as Row[];
  const cache = db
    .prepare(
      `SELECT product_id, cached, ledger FROM (
         SELECT m.product_id, h.quantity AS cached, SUM(m.quantity) AS ledger
           FROM stock_movements m LEFT JOIN stock_on_hand h ON h.product_id = m.product_id
          GROUP BY m.product_id)
        WHERE cached IS NULL OR cached <> ledger
       UNION ALL
       SELECT h.product_id, h.quantity, NULL FROM stock_on_hand h
        WHERE NOT EXISTS (SELECT 1 FROM stock_movements m WHERE m.product_id = h.product_id) AND h.quantity <> 0`,
    )
    .all() as Row[];
  return [
    ...describe(
      byProduct.filter((r) => r.moved !== r.sold),
      "movimientos de venta ≠ líneas vendidas",
    ),
    ...describe(
      bySale.filter((r) => r.lines !== r.movements),
      "venta sin un movimiento por línea",
    ),
    ...describe(cache, "stock_on_hand ≠ SUM(stock_movements)"),
  ];
}

/** Exactly one outbox entry per sale, and none for a sale that does not exist. */
export function outboxMismatches(db: Database.Database): string[] {
  const rows = db
    .prepare(
      `SELECT s.id, (SELECT COUNT(*) FROM outbox o WHERE o.entity = 'sale' AND o.entity_id = s.id) AS entries FROM sales s
        WHERE entries <> 1
       UNION ALL
       SELECT o.entity_id, COUNT(*) FROM outbox o WHERE o.entity = 'sale'
          AND NOT EXISTS (SELECT 1 FROM sales s WHERE s.id = o.entity_id) GROUP BY o.entity_id`,
    )
    .all() as Row[];
  return describe(rows, "venta sin exactamente una entrada en el outbox");
}

/**
 * Sale numbers per till are 1..N with no gap or repeat, and the till's counter points past the last:
 * a rolled-back sale must give its number back (AFIP-style correlative numbering).
 */
export function numberingGaps(db: Database.Database): string[] {
  const rows = db
    .prepare(
      `SELECT t.code, t.next_sale_number AS next, COUNT(s.id) AS count, COALESCE(MIN(s.number), 1) AS first,
              COALESCE(MAX(s.number), 0) AS last
         FROM terminals t LEFT JOIN sales s ON s.terminal_id = t.id GROUP BY t.id`,
    )
    .all() as Row[];
  return describe(
    rows.filter((r) => r.first !== 1 || r.last !== r.count || r.next !== (r.last as number) + 1),
    "numeración de ventas con huecos",
  );
}

export function allSaleIds(db: Database.Database): Set<string> {
  return new Set(db.prepare("SELECT id FROM sales").pluck().all() as string[]);
}
