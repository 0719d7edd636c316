import { type Static, type TSchema, Type } from "@sinclair/typebox";
import { ProductValues } from "../sync/catalog.js";
import { CustomerBody, CustomerPatchBody } from "./customers.js";
import { OnlineBookingInput } from "./cloud-turnos.js";
import { Closed, Nullable } from "./fields.js";

/**
 * The public REST API, /api/v1 (cloud/src/publicapi, docs/public-api.md): what a shop's own tools read
 * and write with an API key (`Authorization: Bearer mk_live_…`). The routes validate with these
 * schemas and the OpenAPI document at /api/v1/openapi.json is generated from them, so the two never
 * disagree. Errors are the one envelope (contracts/src/http-errors.ts). Money is integer centavos;
 * instants are ISO 8601 UTC.
 */

const Uuid = Type.String({ format: "uuid" });
const Instant = Type.String({ format: "date-time" });

/** Every list: a page of at most `limit` rows in (updatedAt, id) order, resumed from `cursor`. */
export const PageQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 200, default: 50, description: "Filas por página (1–200)" }),
    ),
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 300,
        pattern: "^[A-Za-z0-9_-]+$",
        description: "El `nextCursor` de la página anterior",
      }),
    ),
    updatedSince: Type.Optional(
      Type.String({
        format: "date-time",
        maxLength: 40,
        description: "Solo filas cambiadas desde este instante",
      }),
    ),
  },
  Closed,
);
export type PageQuery = Static<typeof PageQuery>;

/** The page query plus a store filter (rows that belong to one store). */
export const StorePageQuery = Type.Object({ ...PageQuery.properties, storeId: Type.Optional(Uuid) }, Closed);
export type StorePageQuery = Static<typeof StorePageQuery>;

/** A page: the rows, and the cursor of the next one (null on the last). */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ data: Type.Array(item), nextCursor: Nullable(Type.String()) });

export const ApiIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, Closed);

export const ApiStore = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type ApiStore = Static<typeof ApiStore>;

const ProductCore = {
  id: Type.String(),
  storeId: Nullable(Type.String({ description: "null: del negocio entero; si no, de un local" })),
  sku: Type.String(),
  name: Type.String(),
  categoryId: Nullable(Type.String()),
  price: Type.Integer({ description: "Centavos" }),
  ivaRate: Type.Integer({ description: "Alícuota en centésimos de punto: 0, 1050, 2100" }),
  unit: Type.Union([Type.Literal("each"), Type.Literal("kg")]),
  barcodes: Type.Array(Type.String()),
  lowStockThreshold: Nullable(Type.Integer()),
  active: Type.Boolean(),
  updatedAt: Type.String(),
};

export const ApiVariant = Type.Object({
  ...ProductCore,
  values: Type.Array(Type.String(), { description: "Un valor por eje del modelo (talle, color…)" }),
  priceFollowsModel: Type.Boolean(),
});
export type ApiVariant = Static<typeof ApiVariant>;

export const ApiProduct = Type.Object({
  ...ProductCore,
  axes: Nullable(Type.Array(Type.Object({ name: Type.String(), values: Type.Array(Type.String()) }))),
  variants: Type.Array(ApiVariant),
});
export type ApiProduct = Static<typeof ApiProduct>;

/** POST /api/v1/products: a product for the whole business (or one store), down to every till. */
export const ApiProductCreate = Type.Object(
  {
    sku: ProductValues.sku,
    name: ProductValues.name,
    price: ProductValues.price,
    ivaRate: ProductValues.ivaRate,
    unit: ProductValues.unit,
    barcodes: Type.Optional(ProductValues.barcodes),
    categoryId: Type.Optional(ProductValues.categoryId),
    lowStockThreshold: Type.Optional(ProductValues.lowStockThreshold),
    active: Type.Optional(ProductValues.active),
    storeId: Type.Optional(Nullable(Uuid)),
  },
  Closed,
);
export type ApiProductCreate = Static<typeof ApiProductCreate>;

/** PATCH /api/v1/products/:id: what the dashboard's catalog edits, with the same rules. */
export const ApiProductPatch = Type.Object(
  {
    name: Type.Optional(ProductValues.name),
    price: Type.Optional(ProductValues.price),
    active: Type.Optional(ProductValues.active),
    lowStockThreshold: Type.Optional(ProductValues.lowStockThreshold),
    categoryId: Type.Optional(ProductValues.categoryId),
  },
  { ...Closed, minProperties: 1 },
);
export type ApiProductPatch = Static<typeof ApiProductPatch>;

export const ApiStockItem = Type.Object({
  storeId: Type.String(),
  productId: Type.String(),
  onHand: Type.Integer({ description: "Unidades, o gramos si se vende por peso" }),
  updatedAt: Type.String(),
});
export type ApiStockItem = Static<typeof ApiStockItem>;

export const ApiSale = Type.Object({
  id: Type.String(),
  storeId: Type.String(),
  number: Type.String(),
  status: Type.Union([Type.Literal("completed"), Type.Literal("voided")]),
  createdAt: Type.String(),
  voidedAt: Nullable(Type.String()),
  total: Type.Integer({ description: "Centavos" }),
  netTotal: Type.Integer(),
  ivaTotal: Type.Integer(),
  discountTotal: Type.Integer(),
  customerId: Nullable(Type.String()),
  lines: Type.Array(
    Type.Object({
      productId: Type.String(),
      description: Type.String(),
      quantity: Type.Integer(),
      unitPrice: Type.Integer(),
      total: Type.Integer(),
    }),
  ),
  payments: Type.Array(Type.Object({ method: Type.String(), amount: Type.Integer() })),
  updatedAt: Type.String(),
});
export type ApiSale = Static<typeof ApiSale>;

export const ApiCustomer = Type.Object({
  id: Type.String(),
  name: Type.String(),
  docType: Nullable(Type.String()),
  docNumber: Nullable(Type.String()),
  ivaCondition: Type.String(),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  birthday: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  tags: Type.Array(Type.String()),
  loyaltyCode: Nullable(Type.String()),
  mergedInto: Nullable(Type.String({ description: "Unificado con este cliente" })),
  erased: Type.Boolean(),
  updatedAt: Type.String(),
});
export type ApiCustomer = Static<typeof ApiCustomer>;

/** POST/PATCH /api/v1/customers: the dashboard's (and the till's) customer fields and checks. */
export const ApiCustomerCreate = CustomerBody;
export const ApiCustomerPatch = CustomerPatchBody;

export const ApiAppointment = Type.Object({
  id: Type.String(),
  storeId: Type.String(),
  professionalId: Type.String(),
  serviceId: Type.String(),
  customerId: Nullable(Type.String()),
  start: Type.String(),
  end: Type.String(),
  state: Type.String(),
  origin: Type.Union([Type.Literal("desk"), Type.Literal("online")]),
  patientName: Nullable(Type.String()),
  price: Type.Integer({ description: "Centavos" }),
  updatedAt: Type.String(),
});
export type ApiAppointment = Static<typeof ApiAppointment>;

/** Appointments by store, optionally those starting in [from, to). */
export const AppointmentPageQuery = Type.Object(
  { ...StorePageQuery.properties, from: Type.Optional(Instant), to: Type.Optional(Instant) },
  Closed,
);
export type AppointmentPageQuery = Static<typeof AppointmentPageQuery>;

/**
 * POST /api/v1/appointments: booked as the store's booking page books, only inside the time the
 * desk gave the cloud (its allotment); a taken slot is 409 `slot_taken` with the next free ones.
 */
export const ApiAppointmentCreate = Type.Object({ storeId: Uuid, ...OnlineBookingInput.properties }, Closed);
export type ApiAppointmentCreate = Static<typeof ApiAppointmentCreate>;
