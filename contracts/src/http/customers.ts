import { Type, type Static } from "@sinclair/typebox";
import { Closed, IdParams, Instant, Nullable, RowId } from "./fields.js";

/**
 * Customers (desktop/src/customers/routes.ts): create, edit, search, consent and delete on request.
 * Validation of documents, phones, e-mails and birthdays is the domain's (desktop/src/customers/
 * customer-input.ts), with Spanish messages; these schemas only bound the sizes.
 */

export const CUSTOMER_NAME_MAX = 120;
export const CUSTOMER_NOTES_MAX = 1000;
export const CUSTOMER_TAG_MAX = 30;
export const CUSTOMER_TAGS_MAX = 20;
export const LOYALTY_CODE_MAX = 64;
export const CUSTOMER_SEARCH_MAX = 100;

export const DOC_TYPES = ["dni", "cuit", "cuil", "passport"] as const;
export const DocTypeSchema = Type.Union([
  Type.Literal("dni"),
  Type.Literal("cuit"),
  Type.Literal("cuil"),
  Type.Literal("passport"),
]);
export type DocType = Static<typeof DocTypeSchema>;

export const IVA_CONDITIONS = [
  "consumidor_final",
  "responsable_inscripto",
  "monotributista",
  "exento",
] as const;
export const IvaConditionSchema = Type.Union([
  Type.Literal("consumidor_final"),
  Type.Literal("responsable_inscripto"),
  Type.Literal("monotributista"),
  Type.Literal("exento"),
]);
export type IvaCondition = Static<typeof IvaConditionSchema>;

export const CONSENT_CHANNELS = ["email", "whatsapp"] as const;
export const ConsentChannelSchema = Type.Union([Type.Literal("email"), Type.Literal("whatsapp")]);
export type ConsentChannel = Static<typeof ConsentChannelSchema>;

const OptText = (max: number) => Type.Optional(Nullable(Type.String({ maxLength: max })));

// ── requests ─────────────────────────────────────────────────────────────────────────────────────────

/** POST /api/customers (any logged-in staff: the till's quick create), PATCH /api/customers/:id (managers). */
export const CustomerBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: CUSTOMER_NAME_MAX }),
    docType: Type.Optional(Nullable(DocTypeSchema)),
    /** As typed: dots, dashes and spaces are removed by the domain. */
    docNumber: OptText(20),
    ivaCondition: Type.Optional(IvaConditionSchema),
    /** As typed ("11 2233-4455", "+54 9 11..."): stored in E.164. */
    phone: OptText(30),
    email: OptText(254),
    /** YYYY-MM-DD. */
    birthday: OptText(10),
    notes: OptText(CUSTOMER_NOTES_MAX),
    tags: Type.Optional(
      Type.Array(Type.String({ maxLength: CUSTOMER_TAG_MAX }), { maxItems: CUSTOMER_TAGS_MAX }),
    ),
    loyaltyCode: OptText(LOYALTY_CODE_MAX),
  },
  Closed,
);
export type CustomerInput = Static<typeof CustomerBody>;
export const CustomerPatchBody = Type.Partial(CustomerBody, { ...Closed, minProperties: 1 });
export type CustomerPatch = Static<typeof CustomerPatchBody>;

/** GET /api/customers?q=: by name, document, phone or loyalty code; without q the most recent. */
export const CustomerSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: CUSTOMER_SEARCH_MAX })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  Closed,
);
export type CustomerSearch = Static<typeof CustomerSearchQuery>;

/** GET /api/customers/loyalty/:code: the till's scan input asks this before looking for a product. */
export const LoyaltyCodeParams = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: LOYALTY_CODE_MAX }) },
  Closed,
);

/** POST /api/customers/:id/consent: opt in or out of marketing on one channel. */
export const ConsentBody = Type.Object({ channel: ConsentChannelSchema, granted: Type.Boolean() }, Closed);
export type ConsentInput = Static<typeof ConsentBody>;

export const CustomerParams = IdParams;

// ── answers ──────────────────────────────────────────────────────────────────────────────────────────

export const ConsentStateSchema = Type.Object(
  {
    channel: ConsentChannelSchema,
    granted: Type.Boolean(),
    at: Instant,
    source: Type.Union([Type.Literal("till"), Type.Literal("dashboard")]),
    staffId: Nullable(Type.String()),
    staffName: Nullable(Type.String()),
  },
  Closed,
);
export type ConsentState = Static<typeof ConsentStateSchema>;

export const CustomerSchema = Type.Object(
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
    bornAt: Type.String(),
    mergedInto: Nullable(Type.String()),
    erasedAt: Nullable(Instant),
    createdAt: Instant,
    updatedAt: Instant,
    /** The latest consent record per channel (absent channel: never asked). */
    consent: Type.Array(ConsentStateSchema),
  },
  Closed,
);
export type Customer = Static<typeof CustomerSchema>;
export const CustomerList = Type.Array(CustomerSchema);

/** POST /api/customers/:id/erase (managers): what was erased and what fiscal law keeps. */
export const ErasureSchema = Type.Object(
  {
    customer: CustomerSchema,
    /** The CUIT kept because invoices were issued to it (fiscal law), or null when nothing is kept. */
    keptDocNumber: Nullable(Type.String()),
    /** Outbox payloads (waiting or sent) whose personal fields were nulled. */
    redactedOps: Type.Integer(),
  },
  Closed,
);
export type Erasure = Static<typeof ErasureSchema>;

/** The customer a sale names, as the sale's answer and the receipt show it. */
export const SaleCustomerSchema = Type.Object({ id: RowId, name: Type.String() }, Closed);
export type SaleCustomer = Static<typeof SaleCustomerSchema>;
