import { Type } from "@sinclair/typebox";
import { Hlc } from "./catalog.js";
import { Id, Nullable, Open, Text, Time } from "./fields.js";

/**
 * Customers (desktop/src/customers/, cloud/src/customers/): tenant scope, born at a till or in the
 * cloud. Edits carry per-field hybrid logical clocks (`fieldHlc`) as products do, so the later edit of
 * each field wins on both sides. Personal fields are nullable because "delete on request" nulls them,
 * also inside payloads still waiting in the outbox.
 */

export const CUSTOMER_FIELD_NAMES = [
  "name",
  "docType",
  "docNumber",
  "ivaCondition",
  "phone",
  "email",
  "birthday",
  "notes",
  "tags",
  "loyaltyCode",
] as const;
export type CustomerField = (typeof CUSTOMER_FIELD_NAMES)[number];

export const CustomerFieldHlc = Type.Partial(
  Type.Object(
    Object.fromEntries(CUSTOMER_FIELD_NAMES.map((f) => [f, Hlc])) as Record<CustomerField, typeof Hlc>,
    { additionalProperties: false },
  ),
);

/** customer/created, customer/updated: the whole customer as it now is, with the clocks of what changed. */
export const CustomerPayload = Type.Object(
  {
    id: Id,
    /** Empty once erased. */
    name: Text(120),
    docType: Nullable(
      Type.Union([Type.Literal("dni"), Type.Literal("cuit"), Type.Literal("cuil"), Type.Literal("passport")]),
    ),
    docNumber: Nullable(Text(20)),
    ivaCondition: Text(30),
    phone: Nullable(Text(20)),
    email: Nullable(Text(254)),
    birthday: Nullable(Text(10)),
    notes: Nullable(Text(1000)),
    tags: Type.Array(Text(30), { maxItems: 20 }),
    loyaltyCode: Nullable(Text(64)),
    /** A store id, or "cloud". */
    bornAt: Id,
    mergedInto: Nullable(Id),
    erasedAt: Nullable(Time),
    at: Time,
    fieldHlc: Type.Optional(CustomerFieldHlc),
  },
  Open,
);

/**
 * customer/erased: delete on request. The cloud nulls the personal fields of its row, its projections
 * and every raw payload it keeps about the customer. `keptDocNumber` is what fiscal law keeps (an invoice
 * recipient's CUIT), or null.
 */
export const CustomerErasedPayload = Type.Object(
  { id: Id, erasedAt: Time, keptDocNumber: Nullable(Text(20)), staffId: Nullable(Id), at: Time },
  Open,
);

/** customer/consent: marketing opt-in or opt-out by channel, with who recorded it and where. */
export const CustomerConsentPayload = Type.Object(
  {
    id: Id,
    customerId: Id,
    channel: Type.Union([Type.Literal("email"), Type.Literal("whatsapp")]),
    granted: Type.Boolean(),
    source: Type.Union([Type.Literal("till"), Type.Literal("dashboard")]),
    staffId: Nullable(Id),
    at: Time,
  },
  Open,
);
