import type { ChangeMessage, Row } from "@electric-sql/client";
import type { Ctx } from "@mostrador/kernel/core/context";
import { isoNow } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import { isoOfPgTime } from "./pg-time.js";
import { parkUnlessKnown, unpark } from "./waiting.js";

/** A grant of a customer's credit (centavos) or points the cloud made this store (docs/ownership.md). */
export interface CloudGrant {
  grantId: string;
  customerId: string;
  kind: "credit" | "points";
  /** > 0. */
  amount: number;
  expiresAt: string | null;
}

/**
 * Records a grant in the accounts module's allowance_entries (appliance migration 0023): this store may
 * spend `amount` more. The same grant twice is a no-op (grant_id is unique), so a re-read snapshot
 * grants nothing again. Grants are never deleted: a store hands back what it does not spend (its own
 * 'return' entry, uploaded), the cloud never takes it back on its own.
 */
export function applyCloudGrant(ctx: Ctx, g: CloudGrant): boolean {
  if (!Number.isSafeInteger(g.amount) || g.amount <= 0) return false;
  if (g.kind !== "credit" && g.kind !== "points") return false;
  const { changes } = stmt(
    ctx.db,
    `INSERT INTO allowance_entries (id, customer_id, kind, amount, reason, grant_id, returns_grant, expires_at, created_at)
     SELECT ?, ?, ?, ?, 'grant', ?, NULL, ?, ? WHERE EXISTS (SELECT 1 FROM customers WHERE id = ?)
     ON CONFLICT (grant_id) DO NOTHING`,
  ).run(newId(), g.customerId, g.kind, g.amount, g.grantId, g.expiresAt, isoNow(ctx), g.customerId);
  return changes === 1;
}

/** Postgres' text timestamp ("2026-12-07 04:00:00+00") as ISO-8601 UTC; null: the grant does not expire. */
const isoOf = (v: unknown): string | null => (v === null || v === undefined ? null : isoOfPgTime(v));

/**
 * Applies one batch of the allowance_grants shape. A grant for a customer this appliance does not know
 * yet waits in download_waiting and is applied when the customer arrives (waiting.ts).
 */
export function applyAllowanceMessages(ctx: Ctx, messages: ChangeMessage<Row>[]): string[] {
  const applied: string[] = [];
  for (const m of messages) {
    const v = m.value;
    // Grants are never taken back by a delete (see applyCloudGrant); a delete only drops a waiting one.
    if (m.headers.operation === "delete") {
      unpark(ctx, "allowance_grants", String(v.id));
      continue;
    }
    const customerId = String(v.customer_id);
    if (parkUnlessKnown(ctx, "allowance_grants", String(v.id), v, { entity: "customer", id: customerId }))
      continue;
    const grant: CloudGrant = {
      grantId: String(v.id),
      customerId,
      kind: String(v.kind) as CloudGrant["kind"],
      amount: Number(v.amount),
      expiresAt: isoOf(v.expires_at),
    };
    if (applyCloudGrant(ctx, grant)) applied.push(grant.customerId);
  }
  return applied;
}

/**
 * Applies one batch of the allowance_recalls shape: the owner asks this store to hand back up to `amount`
 * of a customer's credit or points. Recorded here (the same recall twice is a no-op); the accounts module
 * answers it with what the store has not spent (desktop/src/accounts/allowance.ts, answerRecalls) when the
 * account.changed this batch raises reaches it, or in the daily job. A recall for a customer this
 * appliance does not know yet waits in download_waiting and is applied when the customer arrives.
 */
export function applyRecallMessages(ctx: Ctx, messages: ChangeMessage<Row>[]): string[] {
  const applied: string[] = [];
  for (const m of messages) {
    const v = m.value;
    if (m.headers.operation === "delete") {
      unpark(ctx, "allowance_recalls", String(v.id));
      continue;
    }
    const customerId = String(v.customer_id);
    if (parkUnlessKnown(ctx, "allowance_recalls", String(v.id), v, { entity: "customer", id: customerId }))
      continue;
    const amount = Number(v.amount);
    const kind = String(v.kind);
    if (!Number.isSafeInteger(amount) || amount <= 0 || (kind !== "credit" && kind !== "points")) continue;
    const { changes } = stmt(
      ctx.db,
      `INSERT INTO allowance_recalls (id, customer_id, kind, amount, created_at)
       SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM customers WHERE id = ?)
       ON CONFLICT (id) DO NOTHING`,
    ).run(String(v.id), customerId, kind, amount, isoNow(ctx), customerId);
    if (changes === 1) applied.push(customerId);
  }
  return applied;
}
