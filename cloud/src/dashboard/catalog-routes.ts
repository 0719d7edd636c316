import { Type } from "@sinclair/typebox";
import { updateCloudProduct } from "../catalog/products.js";
import { CloudError } from "../core/errors.js";
import { ownerOf } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { IdParams, Name } from "../http/schemas.js";
import { searchCatalog, toCatalogProduct } from "./catalog.js";
import { storesInScope } from "./store-scope.js";
import type { CatalogAnswer, CatalogProduct } from "./types.js";

const CatalogQuery = Type.Object(
  {
    search: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    storeId: Type.Optional(Type.String({ format: "uuid" })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);

// The fields the owner edits from home. Same bounds as the cloud catalog (cloud/src/catalog/product-fields.ts).
const ProductEdit = Type.Object(
  {
    name: Name(120),
    price: Type.Integer({ minimum: 0, maximum: 100_000_000_000 }),
    active: Type.Boolean(),
    lowStockThreshold: Type.Union([Type.Integer({ minimum: 0, maximum: 1_000_000_000 }), Type.Null()]),
  },
  { additionalProperties: false },
);
const ProductEditBody = Type.Partial(ProductEdit, { additionalProperties: false });

/**
 * The catalog screen: list and edit. An edit goes through the cloud catalog's one write path
 * (updateCloudProduct: per-field last-writer-wins, shape_log in the same transaction), so it reaches
 * the tills as a shape change within a second while they are online.
 */
export const catalogRoutes: CloudRoutesFactory =
  ({ sql, clock }) =>
  async (app) => {
    app.get(
      "/dashboard/catalog",
      { schema: { querystring: CatalogQuery } },
      async (request): Promise<CatalogAnswer> => {
        const { search, storeId, limit, offset } = request.query as {
          search?: string;
          storeId?: string;
          limit: number;
          offset: number;
        };
        return sql.withTenant(ownerOf(request).tenantId, async (q) => {
          if (storeId) await storesInScope(q, storeId);
          return searchCatalog(q, {
            search: search?.trim() || null,
            storeId: storeId ?? null,
            limit,
            offset,
          });
        });
      },
    );

    app.patch(
      "/dashboard/catalog/:id",
      { schema: { params: IdParams, body: ProductEditBody } },
      async (request): Promise<CatalogProduct> => {
        const { id } = request.params as { id: string };
        const patch = { ...(request.body as Record<string, unknown>) };
        if (Object.keys(patch).length === 0)
          throw new CloudError("invalid", "nothing_to_change", "Indicá al menos un campo para cambiar");
        if (typeof patch.name === "string") patch.name = patch.name.trim();
        return toCatalogProduct(await updateCloudProduct(sql, ownerOf(request).tenantId, id, patch, clock));
      },
    );
  };
