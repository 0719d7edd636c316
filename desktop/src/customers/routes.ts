import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  ConsentBody,
  CustomerBody,
  CustomerList,
  CustomerParams,
  CustomerPatchBody,
  CustomerSchema,
  CustomerSearchQuery,
  ErasureSchema,
  LoyaltyCodeParams,
} from "@mostrador/contracts/http/customers";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import { DomainError } from "@mostrador/kernel/core/errors";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { recordConsent } from "./consent.js";
import {
  createCustomer,
  customerByLoyaltyCode,
  getCustomer,
  searchCustomers,
  updateCustomer,
} from "./customers.js";
import { eraseCustomer } from "./erase.js";

/**
 * Customers. Any logged-in staff searches, creates (the till's quick create) and records consent the
 * customer gives at the counter; editing and erasing need customers.manage (managers and owners).
 */
export const customersRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const manager = { preHandler: requirePermission("customers.manage") };

  app.get(
    "/customers",
    { schema: { querystring: CustomerSearchQuery, response: { 200: CustomerList } } },
    async (request) => searchCustomers(ctx, request.query),
  );
  app.get(
    "/customers/loyalty/:code",
    { schema: { params: LoyaltyCodeParams, response: { 200: CustomerSchema } } },
    async (request) => {
      const found = customerByLoyaltyCode(ctx, request.params.code);
      if (!found)
        throw new DomainError("not_found", "loyalty_code_unknown", "Ningún cliente tiene esa tarjeta");
      return found;
    },
  );
  app.get(
    "/customers/:id",
    { schema: { params: CustomerParams, response: { 200: CustomerSchema } } },
    async (request) => getCustomer(ctx, request.params.id),
  );
  app.post(
    "/customers",
    { schema: { body: CustomerBody, response: { 201: CustomerSchema } } },
    async (request, reply) => {
      reply.status(201);
      return createCustomer(ctx, request.body);
    },
  );
  app.patch(
    "/customers/:id",
    {
      ...manager,
      schema: { params: CustomerParams, body: CustomerPatchBody, response: { 200: CustomerSchema } },
    },
    async (request) => updateCustomer(ctx, request.params.id, request.body),
  );
  app.post(
    "/customers/:id/consent",
    { schema: { params: CustomerParams, body: ConsentBody, response: { 200: CustomerSchema } } },
    async (request) =>
      recordConsent(ctx, request.params.id, request.body, {
        staffId: principalOf(request).staffId,
        source: "till",
      }),
  );
  app.post(
    "/customers/:id/erase",
    { ...manager, schema: { params: CustomerParams, response: { 200: ErasureSchema } } },
    async (request) => eraseCustomer(ctx, request.params.id, principalOf(request).staffId),
  );
};
