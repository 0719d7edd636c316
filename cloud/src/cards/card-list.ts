import type {
  CardHistoryAnswer,
  CardListAnswer,
  CardListStatus,
  CloudCard,
} from "@mostrador/contracts/http/cloud-cards";
import { CloudError } from "../core/errors.js";
import type { Queryable } from "../db/sql.js";

interface CardRow {
  id: string;
  store_id: string;
  store_name: string;
  time_zone: string;
  uid: string | null;
  printed_number: string | null;
  customer_id: string | null;
  status: string | null;
  balance: string;
  deposit: string | null;
  deposit_refundable: boolean | null;
  replaces: string | null;
  issued_at: Date | null;
  last_at: Date | null;
  movements: number;
}

/** A card with its balance (the sum of its entries), its store's name and its latest movement. */
const CARD_SELECT = `
  SELECT c.id, c.store_id, s.name AS store_name, s.time_zone, c.uid, c.printed_number, c.customer_id, c.status,
         COALESCE(b.balance, 0) AS balance, c.deposit, c.deposit_refundable, c.replaces, c.issued_at,
         b.last_at, COALESCE(b.movements, 0) AS movements
    FROM cards c
    JOIN stores s ON s.id = c.store_id
    LEFT JOIN LATERAL (
      SELECT SUM(e.amount) AS balance, MAX(e.created_at) AS last_at, count(*)::int AS movements
        FROM card_entries e WHERE e.tenant_id = c.tenant_id AND e.card_id = c.id) b ON true`;

function cardOf(r: CardRow): CloudCard {
  return {
    id: r.id,
    storeId: r.store_id,
    storeName: r.store_name,
    timeZone: r.time_zone,
    uid: r.uid,
    printedNumber: r.printed_number,
    customerId: r.customer_id,
    status: r.status,
    balance: Number(r.balance),
    deposit: Number(r.deposit ?? 0),
    depositRefundable: r.deposit_refundable ?? false,
    replaces: r.replaces,
    issuedAt: r.issued_at?.toISOString() ?? null,
    lastMovementAt: r.last_at?.toISOString() ?? null,
    movements: r.movements,
  };
}

/** `%`, `_` and `\` typed in a search are themselves, not LIKE's wildcards. */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface CardFilter {
  storeId: string | null;
  status?: CardListStatus | undefined;
  search?: string | undefined;
  limit: number;
  offset: number;
}

/**
 * The cards of one store or all, newest issued first (placeholders, cards not arrived yet, at the top),
 * found by part of their UID or printed number; "pending" lists the placeholders.
 */
export async function listCards(q: Queryable, filter: CardFilter): Promise<CardListAnswer> {
  const search = filter.search?.trim() ? `%${likeEscaped(filter.search.trim())}%` : null;
  const where = `WHERE ($1::uuid IS NULL OR c.store_id = $1)
      AND ($2::text IS NULL OR ($2 = 'pending' AND c.status IS NULL) OR c.status = $2)
      AND ($3::text IS NULL OR c.uid ILIKE $3 OR c.printed_number ILIKE $3)`;
  const params = [filter.storeId, filter.status ?? null, search];
  const rows = await q.query<CardRow>(
    `${CARD_SELECT} ${where} ORDER BY c.issued_at DESC NULLS FIRST, c.id DESC LIMIT $4 OFFSET $5`,
    [...params, filter.limit, filter.offset],
  );
  const [count] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM cards c ${where}`, params);
  return { cards: rows.map(cardOf), total: count?.n ?? 0 };
}

/** One card, its movements oldest first with the balance after each, and the statuses it went through. */
export async function cardHistory(q: Queryable, cardId: string): Promise<CardHistoryAnswer> {
  const [row] = await q.query<CardRow>(`${CARD_SELECT} WHERE c.id = $1`, [cardId]);
  if (!row) throw new CloudError("not_found", "card_not_found", "No existe esa tarjeta");
  const entries = await q.query<{
    id: string;
    kind: string;
    amount: string;
    balance_after: string;
    method: string | null;
    sale_id: string | null;
    terminal_id: string | null;
    note: string | null;
    created_at: Date;
  }>(
    `SELECT id, kind, amount, SUM(amount) OVER (ORDER BY created_at, id) AS balance_after, method, sale_id,
            terminal_id, payload->>'note' AS note, created_at
       FROM card_entries WHERE card_id = $1 ORDER BY created_at, id`,
    [cardId],
  );
  const states = await q.query<{ status: string; updated_at: Date }>(
    "SELECT status, updated_at FROM card_states WHERE card_id = $1 ORDER BY updated_at",
    [cardId],
  );
  return {
    card: cardOf(row),
    timeZone: row.time_zone,
    entries: entries.map((e) => ({
      id: e.id,
      kind: e.kind,
      amount: Number(e.amount),
      balanceAfter: Number(e.balance_after),
      method: e.method,
      saleId: e.sale_id,
      terminalId: e.terminal_id,
      note: e.note,
      createdAt: e.created_at.toISOString(),
    })),
    states: states.map((s) => ({ status: s.status, at: s.updated_at.toISOString() })),
  };
}
