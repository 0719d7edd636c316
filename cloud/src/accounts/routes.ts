import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  AllowanceGrantAnswer,
  AllowanceRequestBody,
  CloudBalancesAnswer,
  type CloudBalances,
} from "@mostrador/contracts/http/cloud-accounts";
import { applianceOf, ownerOf } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { requestAllowance } from "./grants.js";

/**
 * POST /v1/allowances: an appliance (a store with internet) asks for more of a customer's credit or
 * points. GET /v1/dashboard/accounts: the owner's view of every customer's balance and points across
 * stores, and what each store holds of them.
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
    sql.withTenant(ownerOf(request).tenantId, async (q): Promise<CloudBalances> => {
      const rows = await q.query<{
        customer_id: string;
        customer_name: string | null;
        credit_limit: string | null;
        balance: string;
        points: string;
        credit_held: Record<string, number> | null;
        points_held: Record<string, number> | null;
      }>(
        `WITH listed AS (
           SELECT customer_id FROM account_entries UNION SELECT customer_id FROM loyalty_entries
           UNION SELECT customer_id FROM credit_limits),
         held AS (
           SELECT customer_id, kind, store_id::text AS store_id, SUM(amount) AS amount FROM (
             SELECT customer_id, kind, store_id, amount FROM allowance_entries
             UNION ALL SELECT customer_id, kind, store_id, amount FROM allowance_grants) h
           GROUP BY customer_id, kind, store_id)
         SELECT c.customer_id, NULLIF(k.name, '') AS customer_name, l.credit_limit,
                COALESCE((SELECT SUM(amount) FROM account_entries a WHERE a.customer_id = c.customer_id), 0) AS balance,
                COALESCE((SELECT SUM(points) FROM loyalty_entries e WHERE e.customer_id = c.customer_id), 0) AS points,
                (SELECT jsonb_object_agg(store_id, amount) FROM held WHERE held.customer_id = c.customer_id AND kind = 'credit') AS credit_held,
                (SELECT jsonb_object_agg(store_id, amount) FROM held WHERE held.customer_id = c.customer_id AND kind = 'points') AS points_held
           FROM listed c LEFT JOIN credit_limits l ON l.customer_id = c.customer_id
           LEFT JOIN customers k ON k.id = c.customer_id
          ORDER BY balance DESC, c.customer_id`,
      );
      return {
        customers: rows.map((r) => ({
          customerId: r.customer_id,
          customerName: r.customer_name,
          creditLimit: r.credit_limit === null ? null : Number(r.credit_limit),
          balance: Number(r.balance),
          points: Number(r.points),
          creditHeld: Object.fromEntries(Object.entries(r.credit_held ?? {}).map(([k, v]) => [k, Number(v)])),
          pointsHeld: Object.fromEntries(Object.entries(r.points_held ?? {}).map(([k, v]) => [k, Number(v)])),
        })),
      };
    }),
  );
};
