import { type Static, Type } from "@sinclair/typebox";
import { CategoryName, VariantAxis } from "../sync/catalog.js";
import { Closed, Instant, Int, Nullable } from "./fields.js";

/**
 * The cloud catalog as the owner's dashboard reads and edits it (/v1/dashboard/catalog*,
 * cloud/src/dashboard/catalog-routes.ts). Prices are integer centavos, IVA included (per kg for "kg").
 */

/** One store's own price or on-sale flag for a tenant-wide product (set at its tills). */
export const StoreOverride = Type.Object(
  {
    storeId: Type.String(),
    storeName: Type.String(),
    /** Centavos; null: the shared price applies. */
    price: Nullable(Int),
    /** null: the shared flag applies. */
    active: Nullable(Type.Boolean()),
  },
  Closed,
);
export type StoreOverride = Static<typeof StoreOverride>;

/** One variant of a model, as the catalog screen lists it under its model (its own price and flag). */
export const CatalogVariant = Type.Object(
  {
    id: Type.String(),
    sku: Type.String(),
    name: Type.String(),
    /** One value per axis of the model, in axis order. */
    values: Type.Array(Type.String()),
    price: Int,
    /** true while its price follows the model's; an owner's or till's price of its own turns it off. */
    priceFollowsModel: Type.Boolean(),
    active: Type.Boolean(),
    overrides: Type.Array(StoreOverride),
  },
  Closed,
);
export type CatalogVariant = Static<typeof CatalogVariant>;

/**
 * PATCH /v1/dashboard/catalog/:id → the product as saved. The list shows single products and models;
 * a model (variantAxes set) carries its variants, and a variant answered alone names its model.
 */
export const CatalogProduct = Type.Object(
  {
    id: Type.String(),
    /** null: the whole organization's catalog; a store id: a product only that store sells. */
    storeId: Nullable(Type.String()),
    sku: Type.String(),
    name: Type.String(),
    price: Int,
    unit: Type.Union([Type.Literal("each"), Type.Literal("kg")]),
    active: Type.Boolean(),
    lowStockThreshold: Nullable(Int),
    updatedAt: Instant,
    /** Stores that sell this tenant-wide product at their own price or flag (set at their tills). */
    overrides: Type.Array(StoreOverride),
    categoryId: Nullable(Type.String()),
    /** The category's name; null without a category (or one the cloud has not received yet). */
    categoryName: Nullable(Type.String()),
    /** On a model: its axes in display order; null otherwise. */
    variantAxes: Nullable(Type.Array(VariantAxis)),
    /** On a variant: its model and its values; null otherwise. */
    variantOf: Nullable(Type.String()),
    variantValues: Nullable(Type.Array(Type.String())),
    /** A model's variants (ordered by the grid: first axis first); empty for any other product. */
    variants: Type.Array(CatalogVariant),
  },
  Closed,
);
export type CatalogProduct = Static<typeof CatalogProduct>;

/** A category of the organization (every store's tills have it), with how many products it holds. */
export const CloudCategory = Type.Object({ id: Type.String(), name: Type.String(), products: Int }, Closed);
export type CloudCategory = Static<typeof CloudCategory>;

/** GET /v1/dashboard/categories */
export const CategoriesAnswer = Type.Object({ categories: Type.Array(CloudCategory) }, Closed);
export type CategoriesAnswer = Static<typeof CategoriesAnswer>;

/** POST /v1/dashboard/categories and PATCH /v1/dashboard/categories/:id (a rename). */
export const CategoryBody = Type.Object({ name: CategoryName }, Closed);
export type CategoryBody = Static<typeof CategoryBody>;

/** GET /v1/dashboard/catalog: one page of the search. */
export const CatalogAnswer = Type.Object(
  {
    products: Type.Array(CatalogProduct),
    /** How many products match the search (the page may hold fewer). */
    total: Int,
    /** Whether the tills may edit the tenant-wide catalog itself (otherwise their edits stay per store). */
    tillsEditSharedCatalog: Type.Boolean(),
  },
  Closed,
);
export type CatalogAnswer = Static<typeof CatalogAnswer>;

/** PATCH /v1/dashboard/catalog-policy → the policy saved. */
export const CatalogPolicy = Type.Object({ tillsEditSharedCatalog: Type.Boolean() }, Closed);
export type CatalogPolicy = Static<typeof CatalogPolicy>;

/** The product fields a till could change, which the owner reviews and can put back. */
export const REVIEWED_FIELDS = [
  "sku",
  "name",
  "price",
  "active",
  "barcodes",
  "lowStockThreshold",
  "ivaRate",
  "unit",
  "scaleCode",
  "categoryId",
] as const;
export type ReviewedField = (typeof REVIEWED_FIELDS)[number];

/**
 * A change to one store's product made by an appliance of ANOTHER store (possible before cloud
 * migration 0005), shown until the owner reverts or keeps it.
 */
export const ProductOverwrite = Type.Object(
  {
    lsn: Int,
    productId: Type.String(),
    productStoreName: Type.String(),
    applianceName: Type.String(),
    applianceStoreName: Type.String(),
    at: Instant,
    /** Only the fields that changed, before and after (each field's own JSON value). */
    changes: Type.Array(
      Type.Object(
        {
          field: Type.Union(REVIEWED_FIELDS.map((f) => Type.Literal(f))),
          before: Type.Unknown(),
          after: Type.Unknown(),
        },
        Closed,
      ),
    ),
  },
  Closed,
);
export type ProductOverwrite = Omit<Static<typeof ProductOverwrite>, "changes"> & {
  changes: { field: ReviewedField; before: unknown; after: unknown }[];
};

/** GET /v1/dashboard/catalog/overwrites */
export const OverwritesAnswer = Type.Object({ overwrites: Type.Array(ProductOverwrite) }, Closed);
export type OverwritesAnswer = { overwrites: ProductOverwrite[] };
