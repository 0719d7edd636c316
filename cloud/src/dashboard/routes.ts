import { Type } from "@sinclair/typebox";
import { ownerOf, requireRole } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { IdParams } from "../http/schemas.js";
import { type AlarmFilter, listAlarms } from "./alarms.js";
import { catalogRoutes } from "./catalog-routes.js";
import { salesSummary } from "./sales-summary.js";
import { stockLevels } from "./stock.js";
import { storesInScope } from "./store-scope.js";
import { setStoreTimeZone, storesWithStatus } from "./stores-status.js";
import {
  AlarmsAnswer,
  type Period,
  PeriodSchema,
  SalesSummary,
  StockAnswer,
  StoresAnswer,
  StoreTimeZoneAnswer,
} from "@mostrador/contracts/http/dashboard";

const StoreFilter = Type.Optional(Type.String({ format: "uuid" }));

const SalesQuery = Type.Object(
  {
    period: Type.Union(PeriodSchema.anyOf, { default: "today" }),
    storeId: StoreFilter,
  },
  { additionalProperties: false },
);

const StockQuery = Type.Object(
  {
    storeId: StoreFilter,
    lowOnly: Type.Boolean({ default: false }),
    limit: Type.Integer({ minimum: 1, maximum: 2000, default: 500 }),
  },
  { additionalProperties: false },
);

const AlarmsQuery = Type.Object(
  {
    storeId: StoreFilter,
    filter: Type.Union([Type.Literal("open"), Type.Literal("all")], { default: "open" }),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 200 }),
  },
  { additionalProperties: false },
);

const StoreSettingsBody = Type.Object(
  { timeZone: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

/**
 * The owner dashboard's read API under /v1/dashboard (any dashboard account; store settings: the owner).
 * Every query runs inside withTenant, so row-level security keeps each tenant to its own rows; a store
 * id of another tenant answers 404 store_not_found. Creating stores, pairing codes and revoking
 * appliances stay on the tenancy endpoints (/v1/stores, /v1/appliances).
 */
export const dashboardRoutes: CloudRoutesFactory = (deps) => async (app) => {
  const { sql, clock } = deps;

  app.get(
    "/dashboard/stores",
    { schema: { response: { 200: StoresAnswer } } },
    async (request): Promise<StoresAnswer> => {
      return { stores: await sql.withTenant(ownerOf(request).tenantId, (q) => storesWithStatus(q)) };
    },
  );

  app.patch(
    "/dashboard/stores/:id",
    {
      schema: { params: IdParams, body: StoreSettingsBody, response: { 200: StoreTimeZoneAnswer } },
      preHandler: requireRole("owner"),
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { timeZone } = request.body as { timeZone: string };
      const saved = await sql.withTenant(ownerOf(request).tenantId, (q) => setStoreTimeZone(q, id, timeZone));
      return { id, timeZone: saved };
    },
  );

  app.get(
    "/dashboard/sales",
    { schema: { querystring: SalesQuery, response: { 200: SalesSummary } } },
    async (request): Promise<SalesSummary> => {
      const { period, storeId } = request.query as { period: Period; storeId?: string };
      return sql.withTenant(ownerOf(request).tenantId, async (q) => {
        const stores = await storesInScope(q, storeId ?? null);
        return salesSummary(q, stores, period, clock.now(), storeId ?? null);
      });
    },
  );

  app.get(
    "/dashboard/stock",
    { schema: { querystring: StockQuery, response: { 200: StockAnswer } } },
    async (request): Promise<StockAnswer> => {
      const { storeId, lowOnly, limit } = request.query as {
        storeId?: string;
        lowOnly: boolean;
        limit: number;
      };
      return sql.withTenant(ownerOf(request).tenantId, async (q) => {
        if (storeId) await storesInScope(q, storeId);
        return { items: await stockLevels(q, storeId ?? null, lowOnly, limit) };
      });
    },
  );

  app.get(
    "/dashboard/alarms",
    { schema: { querystring: AlarmsQuery, response: { 200: AlarmsAnswer } } },
    async (request): Promise<AlarmsAnswer> => {
      const { storeId, filter, limit } = request.query as {
        storeId?: string;
        filter: AlarmFilter;
        limit: number;
      };
      return sql.withTenant(ownerOf(request).tenantId, async (q) => {
        if (storeId) await storesInScope(q, storeId);
        return { alarms: await listAlarms(q, storeId ?? null, filter, limit) };
      });
    },
  );

  await app.register(catalogRoutes(deps));
};
