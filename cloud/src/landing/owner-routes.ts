import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  StorePage,
  StorePageBody,
  StorePageLeadsAnswer,
  StorePageParams,
  StorePagesAnswer,
} from "@mostrador/contracts/http/cloud-landing";
import type { CloudRoutesFactory } from "../http/deps.js";
import { ownerOf, requireRole } from "../http/auth.js";
import { listStorePageLeads, listStorePages, saveStorePage } from "./store-pages.js";

/**
 * The owner's side (`/v1/landing/*`): each store's page on or off with its address and hours, its link,
 * and the leads it brought (each one already a customer of the shop).
 */
export const landingOwnerRoutes: CloudRoutesFactory =
  ({ sql, clock }) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.get("/landing/store-pages", { schema: { response: { 200: StorePagesAnswer } } }, async (request) => ({
      pages: await sql.withTenant(ownerOf(request).tenantId, listStorePages),
    }));

    app.put(
      "/landing/store-pages/:storeId",
      {
        preHandler: requireRole("owner"),
        schema: { params: StorePageParams, body: StorePageBody, response: { 200: StorePage } },
      },
      async (request) => {
        const { tenantId } = ownerOf(request);
        return sql.withTenant(tenantId, (q) =>
          saveStorePage(q, tenantId, request.params.storeId, request.body, clock.now()),
        );
      },
    );

    app.get(
      "/landing/store-leads",
      { schema: { response: { 200: StorePageLeadsAnswer } } },
      async (request) => ({
        leads: await sql.withTenant(ownerOf(request).tenantId, listStorePageLeads),
      }),
    );
  };
