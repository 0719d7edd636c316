import { randomBytes } from "node:crypto";
import type { LandingRubro } from "@mostrador/contracts/http/cloud-landing";
import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import { createSession, insertTenant, type ClientInfo, type LoginResult } from "../auth/accounts.js";
import { hashPassword } from "../auth/passwords.js";
import { hashToken, newToken } from "../auth/tokens.js";
import { startTrial } from "../billing/trial.js";
import type { Clock } from "../core/clock.js";
import { Refusal } from "@mostrador/contracts/refusal";
import { newId } from "../core/ids.js";
import type { Sql } from "../db/sql.js";
import { ingestBatch } from "../ingest/ingest.js";
import type { Projections } from "../ingest/handlers.js";
import { DEMO_SHOPS } from "./demo-shops.js";

/**
 * Demo mode: a disposable tenant of one rubro, its owner signed in. Its shelves and two weeks of sales
 * enter the way a real shop's do, as a till's upload through ingest (so every projection, the dashboard
 * and the analytics' tables see an ordinary shop). It lives `ttlMs`; then `expireDemos` erases it
 * with the account-closing's own erasure (tenant-data: erase_closed_tenant), which takes every row.
 */

export interface DemoPolicy {
  /** How long a demo lives. */
  ttlMs: number;
  /** Demos alive at once, across every visitor. */
  maxAlive: number;
  /** Sales generated per day, over `days` days. */
  salesPerDay: number;
  days: number;
}

export const DEFAULT_DEMO_POLICY: DemoPolicy = {
  ttlMs: 24 * 60 * 60 * 1000,
  maxAlive: 50,
  salesPerDay: 8,
  days: 14,
};

export interface StartedDemo {
  tenantId: string;
  storeId: string;
  session: LoginResult;
  expiresAt: Date;
}

/** A small deterministic generator (the same rubro and day give the same shop). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

const TERMINAL = "019a0000-0000-7000-8000-00000000de00";
const CASH_SESSION = "019a0000-0000-7000-8000-00000000de01";
const STAFF = "019a0000-0000-7000-8000-00000000de02";

/** The demo shop's catalog and sales as a till's outbox would carry them. */
export function demoShopOps(
  rubro: LandingRubro,
  now: Date,
  policy: Pick<DemoPolicy, "salesPerDay" | "days">,
): IngestOp[] {
  const shop = DEMO_SHOPS[rubro];
  const ops: IngestOp[] = [];
  let seq = 0;
  const op = (entity: string, entityId: string, name: string, payload: unknown, at: Date) =>
    ops.push({ id: newId(), seq: ++seq, entity, entityId, op: name, payload, createdAt: at.toISOString() });
  const start = new Date(now.getTime() - policy.days * 86_400_000);
  const products: { id: string; name: string; price: number }[] = [];
  shop.categories.forEach((category, c) => {
    const categoryId = newId();
    op(
      "category",
      categoryId,
      "created",
      { id: categoryId, name: category.name } satisfies OpPayload<"category", "created">,
      start,
    );
    category.products.forEach(([name, pesos], p) => {
      const id = newId();
      const payload: OpPayload<"product", "created"> = {
        id,
        sku: `DEMO-${c + 1}${String(p + 1).padStart(2, "0")}`,
        name,
        categoryId,
        price: pesos * 100,
        ivaRate: 2100,
        unit: "each",
        barcodes: [],
        scaleCode: null,
        lowStockThreshold: null,
        active: true,
      };
      op("product", id, "created", payload, start);
      products.push({ id, name, price: payload.price });
    });
  });
  const random = lcg(rubro.length * 7919 + Math.floor(now.getTime() / 86_400_000));
  let number = 0;
  for (let day = policy.days; day >= 1; day--)
    for (let s = 0; s < policy.salesPerDay; s++) {
      // Opening hours 9–20 h in Argentina (UTC−3): 12–23 h UTC.
      const at = new Date(now.getTime() - day * 86_400_000);
      at.setUTCHours(12 + Math.floor(random() * 11), Math.floor(random() * 60), Math.floor(random() * 60), 0);
      const count = 1 + Math.floor(random() * 3);
      const lines = Array.from({ length: count }, (_, i) => {
        const product = products[Math.floor(random() * products.length)]!;
        const quantity = 1 + Math.floor(random() * 3);
        const total = product.price * quantity;
        const net = Math.round(total / 1.21);
        return {
          id: newId(),
          lineNo: i + 1,
          productId: product.id,
          description: product.name,
          unit: "each" as const,
          quantity,
          unitPrice: product.price,
          gross: total,
          discount: null,
          lineDiscount: 0,
          ticketDiscountShare: 0,
          total,
          ivaRate: 2100,
          net,
          iva: total - net,
          barcode: null,
          returnedQuantity: 0,
        };
      });
      const total = lines.reduce((sum, l) => sum + l.total, 0);
      const net = lines.reduce((sum, l) => sum + l.net, 0);
      const id = newId();
      number++;
      const method = random() < 0.55 ? "cash" : random() < 0.5 ? "card" : "mercadopago";
      op(
        "sale",
        id,
        "created",
        {
          id,
          number,
          terminalId: TERMINAL,
          terminalCode: 1,
          displayNumber: `0001-${String(number).padStart(8, "0")}`,
          cashSessionId: CASH_SESSION,
          status: "completed",
          createdAt: at.toISOString(),
          staffId: STAFF,
          staffName: "Demo",
          subtotal: total,
          lineDiscountTotal: 0,
          ticketDiscount: null,
          ticketDiscountTotal: 0,
          total,
          netTotal: net,
          ivaTotal: total - net,
          ivaByRate: [{ rate: 2100, net, iva: total - net }],
          changeGiven: 0,
          discountApprovedBy: null,
          voidedAt: null,
          voidedBy: null,
          voidApprovedBy: null,
          voidReason: null,
          lines,
          payments: [{ id: newId(), method, amount: total, tendered: total, change: 0, reference: null }],
          returns: [],
          warnings: [],
        },
        at,
      );
    }
  return ops;
}

/**
 * A new demo tenant of `rubro`: organization and owner (a random address and password nobody knows;
 * the returned session is the only way in), a store and its till, the shop's data through ingest, the
 * 14-day trial every sign-up gets (the dashboard's screens behave as a new customer's), and its expiry.
 * Refused with 503 `demos_full` when `maxAlive` demos are alive.
 */
export async function startDemo(
  deps: { sql: Sql; clock: Clock; projections: Projections },
  rubro: LandingRubro,
  leadId: string | null,
  client: ClientInfo,
  policy: DemoPolicy = DEFAULT_DEMO_POLICY,
): Promise<StartedDemo> {
  const { sql, clock } = deps;
  const now = clock.now();
  const [alive] = await sql.query<{ n: string | number }>("SELECT landing_demos_alive($1) AS n", [now]);
  if (Number(alive?.n ?? 0) >= policy.maxAlive)
    throw new Refusal("unavailable", "demos_full", "Hay muchas demos en uso: probá de nuevo en un rato");
  const shop = DEMO_SHOPS[rubro];
  const tenantId = newId();
  const accountId = newId();
  const storeId = newId();
  const applianceId = newId();
  const expiresAt = new Date(now.getTime() + policy.ttlMs);
  const passwordHash = await hashPassword(randomBytes(24).toString("base64url"));
  await sql.withTenant(tenantId, async (q) => {
    await insertTenant(
      q,
      tenantId,
      accountId,
      { orgName: shop.business, ownerEmail: `demo-${tenantId}@demo.mostrador.invalid`, password: "", rubro },
      passwordHash,
      now,
    );
    await q.query("INSERT INTO stores (id, tenant_id, name, created_at) VALUES ($1, $2, $3, $4)", [
      storeId,
      tenantId,
      shop.store,
      now,
    ]);
    await q.query(
      "INSERT INTO appliances (id, tenant_id, store_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
      [applianceId, tenantId, storeId, "Caja demo", hashToken(newToken("moa_")), now],
    );
    await startTrial(q, tenantId, now);
    await q.query(
      "INSERT INTO landing_demos (tenant_id, rubro, lead_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
      [tenantId, rubro, leadId, now, expiresAt],
    );
  });
  await ingestBatch(deps, { applianceId, tenantId, storeId }, { ops: demoShopOps(rubro, now, policy) });
  const session = await sql.withTenant(tenantId, (q) =>
    createSession(q, { tenantId, accountId }, client, now),
  );
  return { tenantId, storeId, session, expiresAt };
}

/**
 * Erases every demo whose time is up: the tenant is marked closing with its erasure due now, then
 * erase_closed_tenant removes all its rows (its landing_demos row among them). Returns how many went.
 */
export async function expireDemos(sql: Sql, clock: Clock): Promise<number> {
  const now = clock.now();
  const due = await sql.query<{ id: string }>("SELECT landing_demos_due($1) AS id", [now]);
  let erased = 0;
  for (const { id } of due) {
    await sql.withTenant(id, (q) =>
      q.query(
        `UPDATE organizations SET status = 'closing', closing_requested_at = $2, erase_after = $2
         WHERE id = $1 AND status <> 'closing'`,
        [id, now],
      ),
    );
    const [row] = await sql.withTenant(id, (q) =>
      q.query<{ n: string | null }>("SELECT erase_closed_tenant($1, $2) AS n", [id, now]),
    );
    if (row?.n !== null && row?.n !== undefined) erased++;
  }
  return erased;
}
