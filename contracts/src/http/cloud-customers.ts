import { Type, type Static } from "@sinclair/typebox";
import { ConsentChannelSchema, DocTypeSchema, IvaConditionSchema } from "./customers.js";
import { Closed, Nullable } from "./fields.js";

/**
 * The owner's customers in the cloud dashboard (cloud/src/customers/routes.ts, /v1/customers). Requests
 * are the appliance's (contracts/src/http/customers.ts CustomerBody, CustomerPatchBody, ConsentBody),
 * checked by the same rules (contracts/src/customer-fields.ts).
 */

export const CloudConsentSchema = Type.Object(
  {
    channel: ConsentChannelSchema,
    /** pending: an e-mail opt-in waiting for the person to follow the confirmation link. */
    status: Type.Union([Type.Literal("pending"), Type.Literal("opted_in"), Type.Literal("opted_out")]),
    source: Type.String(),
    recordedBy: Type.String(),
    updatedAt: Type.String(),
  },
  Closed,
);

export const CloudCustomerSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    docType: Nullable(DocTypeSchema),
    docNumber: Nullable(Type.String()),
    ivaCondition: IvaConditionSchema,
    phone: Nullable(Type.String()),
    email: Nullable(Type.String()),
    birthday: Nullable(Type.String()),
    notes: Nullable(Type.String()),
    tags: Type.Array(Type.String()),
    loyaltyCode: Nullable(Type.String()),
    /** A store's name, or "cloud" (the dashboard). */
    bornAt: Type.String(),
    mergedInto: Nullable(Type.String()),
    erasedAt: Nullable(Type.String()),
    updatedAt: Type.String(),
    consent: Type.Array(CloudConsentSchema),
  },
  Closed,
);
export type CloudCustomer = Static<typeof CloudCustomerSchema>;

export const CloudCustomerList = Type.Object({ customers: Type.Array(CloudCustomerSchema) }, Closed);
export type CloudCustomerList = Static<typeof CloudCustomerList>;

/** GET /v1/customers?search=&limit= */
export const CloudCustomerQuery = Type.Object(
  {
    search: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  },
  Closed,
);

/** POST /v1/customers/:id/erase (the owner): what fiscal law keeps, said on screen. */
export const CloudErasureSchema = Type.Object(
  { keptDocNumber: Nullable(Type.String()), erased: Type.Integer() },
  Closed,
);
export type CloudErasure = Static<typeof CloudErasureSchema>;
