import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  AllowanceGrantAnswer,
  AllowanceRequestBody,
  CloudBalanceRowSchema,
  CloudBalancesAnswer,
  CreditLimitBody,
  CustomerHoldingsAnswer,
  OwnerGrantBody,
  OwnerRecallBody,
  type CloudBalances,
} from "@mostrador/contracts/http/cloud-accounts";
import { IdParams } from "@mostrador/contracts/http/fields";
import type { Queryable } from "../db/sql.js";
import { applianceOf, ownerOf, requireRole } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { requestAllowance } from "./grants.js";
import { type CloudBalanceRow, setCreditLimitFromDashboard } from "./limits.js";
import { customerHoldings, grantFromDashboard, recallFromDashboard } from "./owner-allowances.js";

/**
 * POST /v1/allowances: an appliance (a store with internet) asks for more of a customer's credit or
 * points. GET /v1/dashboard/accounts: the owner's view of every customer's balance and points across
 * stores, and what each store holds of them; PUT …/:id/credit-limit: the owner sets a customer's limit.
 * GET …/:id/holdings, POST …/:id/grants and …/:id/recalls: who holds what, and the owner moving it
 * (owner-allowances.ts).
 */
export const accountsRoutes: CloudRoutesFactory = (deps) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { sql, clock } = deps;

  app.post(
    "/allowances",
    {
      config: { auth: "appliance" },
      schema: { body: AllowanceRequestBody, response: { 200: AllowanceGrantAnswer } },
    },
    async (request) => {
      const who = applianceOf(request);
      return sql.withTenant(who.tenantId, (q) => requestAllowance(q, who.storeId, request.body, clock.now()));
    },
  );

  app.get("/dashboard/accounts", { schema: { response: { 200: CloudBalancesAnswer } } }, async (request) =>
    sql.withTenant(ownerOf(request).tenantId, async (q): Promise<CloudBalances> => ({
      customers: await balances(q, null),
    })),
  );

  // The owner only: a customer's credit is the tenant's money (docs/ownership.md).
  app.put(
    "/dashboard/accounts/:id/credit-limit",
    {
      preHandler: requireRole("owner"),
      schema: { params: IdParams, body: CreditLimitBody, response: { 200: CloudBalanceRowSchema } },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return sql.withTenant(ownerOf(request).tenantId, async (q) => {
        const survivor = await setCreditLimitFromDashboard(q, id, request.body.creditLimit, clock.now());
        const [row] = await balances(q, survivor);
        if (!row) throw new Error("the limit just set has no row");
        return row;
      });
    },
  );

  app.get(
    "/dashboard/accounts/:id/holdings",
    { schema: { params: IdParams, response: { 200: CustomerHoldingsAnswer } } },
    async (request) => {
      const { id } = request.params as { id: string };
      return sql.withTenant(ownerOf(request).tenantId, (q) => customerHoldings(q, id));
    },
  );

  // The owner only, as the limit: moving a customer's credit between stores is deciding who may lend it.
  app.post(
    "/dashboard/accounts/:id/grants",
    {
      preHandler: requireRole("owner"),
      schema: { params: IdParams, body: OwnerGrantBody, response: { 200: CustomerHoldingsAnswer } },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const owner = ownerOf(request);
      return sql.withTenant(owner.tenantId, (q) =>
        grantFromDashboard(q, id, request.body, owner.accountId, clock.now()),
      );
    },
  );

  app.post(
    "/dashboard/accounts/:id/recalls",
    {
      preHandler: requireRole("owner"),
      schema: { params: IdParams, body: OwnerRecallBody, response: { 200: CustomerHoldingsAnswer } },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const owner = ownerOf(request);
      return sql.withTenant(owner.tenantId, (q) =>
        recallFromDashboard(q, id, request.body, owner.accountId, clock.now()),
      );
    },
  );
};

/**
 * Every customer with a balance, points or a limit (or one of them): one row per person, a merged
 * record's ledgers and holdings under its survivor; named from the cloud's customers (an erased one
 * stays anonymous).
 */
async function balances(q: Queryable, only: string | null): Promise<CloudBalanceRow[]> {
  const rows = await q.query<{
    customer_id: string;
    name: string | null;
    erased: boolean;
    merged_ids: string[];
    credit_limit: string | null;
    balance: string;
    points: string;
    credit_held: Record<string, number> | null;
    points_held: Record<string, number> | null;
  }>(
    `WITH ids AS (
       SELECT customer_id FROM account_entries UNION SELECT customer_id FROM loyalty_entries
       UNION SELECT customer_id FROM credit_limits),
     person AS (
       SELECT i.customer_id AS id, COALESCE(c.merged_into, i.customer_id) AS survivor
         FROM ids i LEFT JOIN customers c ON c.id = i.customer_id),
     held AS (
       SELECT p.survivor, kind, store_id::text AS store_id, SUM(amount) AS amount FROM (
         SELECT customer_id, kind, store_id, amount FROM allowance_entries
         UNION ALL SELECT customer_id, kind, store_id, amount FROM allowance_grants) h
       JOIN person p ON p.id = h.customer_id
       GROUP BY p.survivor, kind, store_id),
     people AS (SELECT survivor, array_agg(id ORDER BY id) FILTER (WHERE id <> survivor) AS merged_ids
                  FROM person WHERE $1::text IS NULL OR survivor = $1 GROUP BY survivor)
     SELECT pp.survivor AS customer_id, NULLIF(s.name, '') AS name, s.erased_at IS NOT NULL AS erased,
            COALESCE(pp.merged_ids, '{}') AS merged_ids,
            (SELECT l.credit_limit FROM credit_limits l JOIN person p ON p.id = l.customer_id
              WHERE p.survivor = pp.survivor ORDER BY l.customer_id = pp.survivor DESC, l.hlc DESC LIMIT 1) AS credit_limit,
            COALESCE((SELECT SUM(amount) FROM account_entries a JOIN person p ON p.id = a.customer_id
                       WHERE p.survivor = pp.survivor), 0) AS balance,
            COALESCE((SELECT SUM(points) FROM loyalty_entries e JOIN person p ON p.id = e.customer_id
                       WHERE p.survivor = pp.survivor), 0) AS points,
            (SELECT jsonb_object_agg(store_id, amount) FROM held WHERE held.survivor = pp.survivor AND kind = 'credit') AS credit_held,
            (SELECT jsonb_object_agg(store_id, amount) FROM held WHERE held.survivor = pp.survivor AND kind = 'points') AS points_held
       FROM people pp LEFT JOIN customers s ON s.id = pp.survivor
      ORDER BY balance DESC, pp.survivor`,
    [only],
  );
  return rows.map((r) => ({
    customerId: r.customer_id,
    name: r.erased ? null : r.name,
    erased: r.erased,
    mergedIds: r.merged_ids,
    creditLimit: r.credit_limit === null ? null : Number(r.credit_limit),
    balance: Number(r.balance),
    points: Number(r.points),
    creditHeld: Object.fromEntries(Object.entries(r.credit_held ?? {}).map(([k, v]) => [k, Number(v)])),
    pointsHeld: Object.fromEntries(Object.entries(r.points_held ?? {}).map(([k, v]) => [k, Number(v)])),
  }));
}
