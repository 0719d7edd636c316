import { ProductValues } from "@mostrador/contracts/sync/catalog";
import { PRODUCT_NAME_MAX } from "@mostrador/contracts/limits";
import { Type } from "@sinclair/typebox";
import { decideProductOverwrite, listProductOverwrites } from "../catalog/overwrites.js";

import { createCloudCategory, listCloudCategories, renameCloudCategory } from "../catalog/categories.js";
import { PRODUCT_COLUMNS, type CloudProductRow } from "../catalog/product-fields.js";
import { updateCloudProduct } from "../catalog/products.js";
import type { Queryable } from "../db/sql.js";
import { removeStoreOverride, setTillsEditSharedCatalog } from "../catalog/store-overrides.js";
import { CloudError } from "../core/errors.js";
import { ownerOf, requireRole } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { IdParams, Name } from "../http/schemas.js";
import { catalogProductsOf, searchCatalog } from "./catalog.js";
import { storesInScope } from "./store-scope.js";
import {
  CatalogAnswer,
  CatalogPolicy,
  CatalogProduct,
  CategoriesAnswer,
  CategoryBody,
  CloudCategory,
  OverwritesAnswer,
} from "@mostrador/contracts/http/cloud-catalog";

const CatalogQuery = Type.Object(
  {
    search: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    storeId: Type.Optional(Type.String({ format: "uuid" })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);

// The fields the owner edits from home, with the cloud catalog's bounds (cloud/src/catalog/product-fields.ts).
// On a model, name and category are what its variants share (they move with it); a variant has its
// own price, flag and threshold only.
const ProductEdit = Type.Object(
  {
    name: Name(PRODUCT_NAME_MAX),
    price: ProductValues.price,
    active: Type.Boolean(),
    lowStockThreshold: ProductValues.lowStockThreshold,
    categoryId: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]),
  },
  { additionalProperties: false },
);
const ProductEditBody = Type.Partial(ProductEdit, { additionalProperties: false });

const CategoryParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

/**
 * What the owner may not change on this product from the catalog screen: a variant's name and
 * category are its model's (change the model: they move together), and a category must be one of the
 * organization's live categories.
 */
export async function checkCatalogEdit(
  q: Queryable,
  id: string,
  patch: Record<string, unknown>,
): Promise<void> {
  const [product] = await q.query<{ variant_of: string | null }>(
    "SELECT variant_of FROM products WHERE id = $1",
    [id],
  );
  if (!product) return; // updateCloudProduct answers 404
  if (product.variant_of !== null && ("name" in patch || "categoryId" in patch))
    throw new CloudError(
      "invalid",
      "variant_shared_field",
      "El nombre y la categoría de una variante son los de su modelo: cambialos en el modelo",
      { modelId: product.variant_of },
    );
  if (typeof patch.categoryId === "string") await requireLiveCategory(q, patch.categoryId);
}

/** A category a product may be put in: one of the organization's live (not merged) categories. */
export async function requireLiveCategory(q: Queryable, categoryId: string): Promise<void> {
  const [category] = await q.query("SELECT 1 FROM categories WHERE id = $1 AND merged_into IS NULL", [
    categoryId,
  ]);
  if (!category)
    throw new CloudError("not_found", "category_not_found", "La categoría no existe", { categoryId });
}

const PolicyBody = Type.Object({ tillsEditSharedCatalog: Type.Boolean() }, { additionalProperties: false });
const OverrideParams = Type.Object(
  { id: Type.String({ format: "uuid" }), storeId: Type.String({ format: "uuid" }) },
  { additionalProperties: false },
);
const OverwriteParams = Type.Object(
  {
    lsn: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    decision: Type.Union([Type.Literal("revert"), Type.Literal("keep")]),
  },
  { additionalProperties: false },
);

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
      { schema: { querystring: CatalogQuery, response: { 200: CatalogAnswer } } },
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
            tenantId: ownerOf(request).tenantId,
          });
        });
      },
    );

    app.patch(
      "/dashboard/catalog/:id",
      { schema: { params: IdParams, body: ProductEditBody, response: { 200: CatalogProduct } } },
      async (request): Promise<CatalogProduct> => {
        const { id } = request.params as { id: string };
        const patch = { ...(request.body as Record<string, unknown>) };
        if (Object.keys(patch).length === 0)
          throw new CloudError("invalid", "nothing_to_change", "Indicá al menos un campo para cambiar");
        if (typeof patch.name === "string") patch.name = patch.name.trim();
        const { tenantId } = ownerOf(request);
        await sql.withTenant(tenantId, (q) => checkCatalogEdit(q, id, patch));
        await updateCloudProduct(sql, tenantId, id, patch, clock);
        return sql.withTenant(tenantId, async (q) => {
          const rows = await q.query<CloudProductRow>(
            `SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = $1`,
            [id],
          );
          return (await catalogProductsOf(q, rows))[0]!;
        });
      },
    );

    app.get(
      "/dashboard/categories",
      { schema: { response: { 200: CategoriesAnswer } } },
      async (request): Promise<CategoriesAnswer> => ({
        categories: await sql.withTenant(ownerOf(request).tenantId, (q) => listCloudCategories(q)),
      }),
    );

    // A category made or renamed here reaches every store's tills (the categories shape).
    app.post(
      "/dashboard/categories",
      { schema: { body: CategoryBody, response: { 201: CloudCategory } } },
      async (request, reply) => {
        const { name } = request.body as CategoryBody;
        const saved = await createCloudCategory(sql, ownerOf(request).tenantId, name, clock);
        return reply.status(201).send({ id: saved.id, name: saved.name, products: 0 });
      },
    );

    app.patch(
      "/dashboard/categories/:id",
      {
        schema: { params: CategoryParams, body: CategoryBody, response: { 200: CloudCategory } },
      },
      async (request): Promise<CloudCategory> => {
        const { id } = request.params as { id: string };
        const { name } = request.body as CategoryBody;
        const { tenantId } = ownerOf(request);
        await renameCloudCategory(sql, tenantId, id, name, clock);
        const all = await sql.withTenant(tenantId, (q) => listCloudCategories(q));
        return all.find((c) => c.id === id)!;
      },
    );

    // Whether the tills edit the shared catalog itself or keep their changes to their own store.
    app.patch(
      "/dashboard/catalog-policy",
      { schema: { body: PolicyBody, response: { 200: CatalogPolicy } }, preHandler: requireRole("owner") },
      async (request): Promise<CatalogPolicy> => {
        const { tillsEditSharedCatalog } = request.body as CatalogPolicy;
        await setTillsEditSharedCatalog(sql, ownerOf(request).tenantId, tillsEditSharedCatalog);
        return { tillsEditSharedCatalog };
      },
    );

    // One store back on the shared price and flag.
    app.delete(
      "/dashboard/catalog/:id/overrides/:storeId",
      { schema: { params: OverrideParams }, preHandler: requireRole("owner") },
      async (request, reply) => {
        const { id, storeId } = request.params as { id: string; storeId: string };
        await removeStoreOverride(sql, ownerOf(request).tenantId, id, storeId);
        return reply.status(204).send();
      },
    );

    // Changes one store's appliance made to another store's products (before cloud 0005 refused them).
    app.get(
      "/dashboard/catalog/overwrites",
      { schema: { response: { 200: OverwritesAnswer } } },
      async (request): Promise<OverwritesAnswer> => ({
        overwrites: await listProductOverwrites(sql, ownerOf(request).tenantId),
      }),
    );

    app.post(
      "/dashboard/catalog/overwrites/:lsn/:decision",
      { schema: { params: OverwriteParams }, preHandler: requireRole("owner") },
      async (request, reply) => {
        const { lsn, decision } = request.params as { lsn: number; decision: "revert" | "keep" };
        await decideProductOverwrite(
          sql,
          ownerOf(request),
          lsn,
          decision === "revert" ? "reverted" : "kept",
          clock,
        );
        return reply.status(204).send();
      },
    );
  };
