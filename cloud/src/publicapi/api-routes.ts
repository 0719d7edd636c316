import type { ApiResource } from "@mostrador/contracts/http/cloud-api-keys";
import { ErrorBody } from "@mostrador/contracts/http-errors";
import {
  ApiAppointment,
  ApiAppointmentCreate,
  ApiCustomer,
  ApiCustomerCreate,
  ApiCustomerPatch,
  ApiIdParams,
  ApiProduct,
  ApiProductCreate,
  ApiProductPatch,
  ApiSale,
  ApiStockItem,
  ApiStore,
  AppointmentPageQuery,
  Page,
  PageQuery,
  StorePageQuery,
} from "@mostrador/contracts/http/public-api";
import type { TSchema } from "@sinclair/typebox";
import type { FastifyInstance, RouteShorthandOptions } from "fastify";
import type { CloudDeps } from "../http/deps.js";
import type { MessagingConfig } from "../messaging/config.js";
import { apiKeyOf } from "./key-auth.js";
import * as reads from "./reads.js";
import * as writes from "./writes.js";

/** The errors every key-authenticated route may answer, documented once in the OpenAPI document. */
const ERRORS = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  429: ErrorBody,
};

const TAG: Record<ApiResource, string> = {
  stores: "Locales",
  products: "Productos",
  stock: "Stock",
  sales: "Ventas",
  customers: "Clientes",
  appointments: "Turnos",
};

function route(
  resource: ApiResource,
  access: "read" | "write",
  summary: string,
  schema: { params?: TSchema; querystring?: TSchema; body?: TSchema; ok: TSchema; status?: 200 | 201 },
): RouteShorthandOptions {
  const { ok, status = 200, ...parts } = schema;
  return {
    config: { auth: "api_key" as const, apiScope: { resource, access } },
    schema: {
      tags: [TAG[resource]],
      summary,
      security: [{ apiKey: [] }],
      ...parts,
      response: { [status]: ok, ...ERRORS },
    },
  };
}

/**
 * Every endpoint of the public API (mounted at /api/v1 by routes.ts): reads of stores, products with
 * variants, stock, sales, customers and appointments; writes of what may be born in the cloud, through
 * the dashboard's own domain functions (writes.ts). Each runs inside the key's tenant.
 */
export function registerApiEndpoints(
  app: FastifyInstance,
  deps: CloudDeps,
  messaging: MessagingConfig,
): void {
  // Untyped on purpose: the schemas below (one helper for all) are what checks; handlers' types are the reads'.
  const api = app;
  const { sql, clock } = deps;
  const tenant = <T>(request: Parameters<typeof apiKeyOf>[0], fn: Parameters<typeof sql.withTenant<T>>[1]) =>
    sql.withTenant(apiKeyOf(request).tenantId, fn);

  api.get(
    "/stores",
    route("stores", "read", "Locales del negocio", { querystring: PageQuery, ok: Page(ApiStore) }),
    (r) => tenant(r, (q) => reads.listStores(q, r.query as PageQuery)),
  );
  api.get("/stores/:id", route("stores", "read", "Un local", { params: ApiIdParams, ok: ApiStore }), (r) =>
    tenant(r, (q) => reads.getStore(q, (r.params as { id: string }).id)),
  );

  api.get(
    "/products",
    route("products", "read", "Productos con sus variantes (los de un local y los de todo el negocio)", {
      querystring: StorePageQuery,
      ok: Page(ApiProduct),
    }),
    (r) => tenant(r, (q) => reads.listProducts(q, r.query as StorePageQuery)),
  );
  api.get(
    "/products/:id",
    route("products", "read", "Un producto con sus variantes", { params: ApiIdParams, ok: ApiProduct }),
    (r) => tenant(r, (q) => reads.getProduct(q, (r.params as { id: string }).id)),
  );
  api.post(
    "/products",
    route("products", "write", "Crea un producto; llega a las cajas", {
      body: ApiProductCreate,
      ok: ApiProduct,
      status: 201,
    }),
    async (r, reply) =>
      reply
        .status(201)
        .send(await writes.createProduct(sql, apiKeyOf(r).tenantId, r.body as ApiProductCreate, clock)),
  );
  api.patch(
    "/products/:id",
    route("products", "write", "Cambia nombre, precio, estado, umbral o categoría; llega a las cajas", {
      params: ApiIdParams,
      body: ApiProductPatch,
      ok: ApiProduct,
    }),
    (r) =>
      writes.updateProduct(
        sql,
        apiKeyOf(r).tenantId,
        (r.params as { id: string }).id,
        r.body as ApiProductPatch,
        clock,
      ),
  );

  api.get(
    "/stock",
    route("stock", "read", "Existencias por local y producto", {
      querystring: StorePageQuery,
      ok: Page(ApiStockItem),
    }),
    (r) => tenant(r, (q) => reads.listStock(q, r.query as StorePageQuery)),
  );

  api.get(
    "/sales",
    route("sales", "read", "Ventas con sus líneas y pagos", {
      querystring: StorePageQuery,
      ok: Page(ApiSale),
    }),
    (r) => tenant(r, (q) => reads.listSales(q, r.query as StorePageQuery)),
  );
  api.get("/sales/:id", route("sales", "read", "Una venta", { params: ApiIdParams, ok: ApiSale }), (r) =>
    tenant(r, (q) => reads.getSale(q, (r.params as { id: string }).id)),
  );

  api.get(
    "/customers",
    route("customers", "read", "Clientes (también los unificados y los borrados a pedido)", {
      querystring: PageQuery,
      ok: Page(ApiCustomer),
    }),
    (r) => tenant(r, (q) => reads.listCustomers(q, r.query as PageQuery)),
  );
  api.get(
    "/customers/:id",
    route("customers", "read", "Un cliente", { params: ApiIdParams, ok: ApiCustomer }),
    (r) => tenant(r, (q) => reads.getCustomer(q, (r.params as { id: string }).id)),
  );
  api.post(
    "/customers",
    route("customers", "write", "Crea un cliente; llega a todos los locales", {
      body: ApiCustomerCreate,
      ok: ApiCustomer,
      status: 201,
    }),
    async (r, reply) =>
      reply
        .status(201)
        .send(await writes.createCustomer(sql, apiKeyOf(r).tenantId, r.body as writes.CustomerInput, clock)),
  );
  api.patch(
    "/customers/:id",
    route("customers", "write", "Cambia datos de un cliente", {
      params: ApiIdParams,
      body: ApiCustomerPatch,
      ok: ApiCustomer,
    }),
    (r) =>
      writes.updateCustomer(
        sql,
        apiKeyOf(r).tenantId,
        (r.params as { id: string }).id,
        r.body as writes.CustomerPatch,
        clock,
      ),
  );

  api.get(
    "/appointments",
    route("appointments", "read", "Turnos (de mostrador y en línea)", {
      querystring: AppointmentPageQuery,
      ok: Page(ApiAppointment),
    }),
    (r) => tenant(r, (q) => reads.listAppointments(q, r.query as AppointmentPageQuery)),
  );
  api.get(
    "/appointments/:id",
    route("appointments", "read", "Un turno", { params: ApiIdParams, ok: ApiAppointment }),
    (r) => tenant(r, (q) => reads.getAppointment(q, (r.params as { id: string }).id)),
  );
  api.post(
    "/appointments",
    route("appointments", "write", "Reserva un turno dentro de los horarios que el local cedió a la nube", {
      body: ApiAppointmentCreate,
      ok: ApiAppointment,
      status: 201,
    }),
    async (r, reply) =>
      reply
        .status(201)
        .send(
          await writes.bookAppointment(
            sql,
            apiKeyOf(r).tenantId,
            r.body as ApiAppointmentCreate,
            messaging,
            clock,
          ),
        ),
  );
}
