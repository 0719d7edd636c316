import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import type { RejectedOp } from "@mostrador/contracts/http/cloud-ingest";
import type { Queryable } from "../db/sql.js";
import type { IngestScope } from "../ingest/handlers.js";

type CardPayload = OpPayload<"card", "created">;
type CardEntryPayload = OpPayload<"card_entry", "created">;

/** Kinds that add to a balance; every other kind takes from it (contracts/src/sync/cards.ts). */
const ADDING_KINDS = new Set(["topup", "refund", "transfer_in"]);

/** The later version wins; on the same updatedAt the larger payload text, so arrival order never decides. */
function later(a: CardPayload, b: CardPayload): CardPayload {
  const ta = Date.parse(a.updatedAt);
  const tb = Date.parse(b.updatedAt);
  if (ta !== tb) return ta > tb ? a : b;
  return JSON.stringify(a) >= JSON.stringify(b) ? a : b;
}

/**
 * card/created|updated: the latest version of each card (later updatedAt wins, whatever order the ops
 * arrive in, a placeholder made by an earlier entry filled in), and every version's status in
 * card_states (the status at a past moment). A retried op changes nothing.
 */
export async function applyCardOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  const versions = ops.map((op) => op.payload as CardPayload);
  if (versions.length === 0) return;
  // One statement cannot update a row twice: the batch's latest version of each card goes in.
  const latest = new Map<string, CardPayload>();
  for (const v of versions) {
    const seen = latest.get(v.id);
    latest.set(v.id, seen ? later(seen, v) : v);
  }
  await q.query(
    `INSERT INTO cards (tenant_id, id, store_id, uid, printed_number, customer_id, status, deposit,
                        deposit_refundable, replaces, issued_at, updated_at, payload)
     SELECT $1, c.id, $2, c.uid, c."printedNumber", c."customerId", c.status, c.deposit,
            c."depositRefundable", c.replaces, c."issuedAt", c."updatedAt", c.payload
       FROM jsonb_to_recordset($3::jsonb) AS c(id text, uid text, "printedNumber" text, "customerId" text,
            status text, deposit bigint, "depositRefundable" boolean, replaces text, "issuedAt" timestamptz,
            "updatedAt" timestamptz, payload jsonb)
     ON CONFLICT (tenant_id, id) DO UPDATE SET
       uid = EXCLUDED.uid, printed_number = EXCLUDED.printed_number, customer_id = EXCLUDED.customer_id,
       status = EXCLUDED.status, deposit = EXCLUDED.deposit, deposit_refundable = EXCLUDED.deposit_refundable,
       replaces = EXCLUDED.replaces, issued_at = EXCLUDED.issued_at, updated_at = EXCLUDED.updated_at,
       payload = EXCLUDED.payload
     WHERE cards.updated_at IS NULL OR cards.updated_at < EXCLUDED.updated_at
        OR (cards.updated_at = EXCLUDED.updated_at AND cards.payload::text < EXCLUDED.payload::text)`,
    [scope.tenantId, scope.storeId, JSON.stringify([...latest.values()].map((p) => ({ ...p, payload: p })))],
  );
  await q.query(
    `INSERT INTO card_states (tenant_id, card_id, updated_at, status)
     SELECT $1, s.id, s."updatedAt", s.status
       FROM jsonb_to_recordset($2::jsonb) AS s(id text, "updatedAt" timestamptz, status text)
     ON CONFLICT (tenant_id, card_id, updated_at) DO NOTHING`,
    [
      scope.tenantId,
      JSON.stringify(versions.map((v) => ({ id: v.id, updatedAt: v.updatedAt, status: v.status }))),
    ],
  );
}

/**
 * card_entry/created: appended once (keyed by id). An entry whose card has not arrived yet makes a
 * placeholder card of this store (no uid, no status) that the card's op fills in later: the balance is
 * right from the first entry, and the card is this store's from then on (`owns` refuses another's).
 */
export async function applyCardEntryOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  const entries = ops.map((op) => op.payload as CardEntryPayload);
  if (entries.length === 0) return;
  await q.query(
    `INSERT INTO cards (tenant_id, id, store_id)
     SELECT DISTINCT $1::uuid, card_id, $2::uuid FROM unnest($3::text[]) AS card_id
     ON CONFLICT (tenant_id, id) DO NOTHING`,
    [scope.tenantId, scope.storeId, [...new Set(entries.map((e) => e.cardId))]],
  );
  await q.query(
    `INSERT INTO card_entries (tenant_id, id, store_id, card_id, kind, amount, method, sale_id, terminal_id,
                               cash_session_id, payload, created_at)
     SELECT $1, e.id, $2, e."cardId", e.kind, e.amount, e.method, e."saleId", e."terminalId",
            e."cashSessionId", e.payload, e."createdAt"
       FROM jsonb_to_recordset($3::jsonb) AS e(id text, "cardId" text, kind text, amount bigint, method text,
            "saleId" text, "terminalId" text, "cashSessionId" text, payload jsonb, "createdAt" timestamptz)
     ON CONFLICT (tenant_id, id) DO NOTHING`,
    [scope.tenantId, scope.storeId, JSON.stringify(entries.map((p) => ({ ...p, payload: p })))],
  );
}

/**
 * An entry whose amount has the wrong sign for its kind (a top-up that takes money, a charge that adds
 * it) would make every balance after it wrong: refused by name, before anything of the batch is applied.
 * (The table's CHECK says the same, in the database's words.)
 */
export function entriesWithWrongSign(ops: IngestOp[]): RejectedOp[] {
  return ops.flatMap((op) => {
    const e = op.payload as CardEntryPayload;
    const adds = ADDING_KINDS.has(e.kind);
    if (adds ? e.amount >= 0 : e.amount <= 0) return [];
    return [
      {
        id: op.id,
        reason: adds
          ? `El movimiento de tarjeta "${e.kind}" debe sumar al saldo: su importe no puede ser negativo`
          : `El movimiento de tarjeta "${e.kind}" debe restar del saldo: su importe no puede ser positivo`,
      },
    ];
  });
}
