import { Type } from "@sinclair/typebox";
import { Id, NonNegMoney, Nullable, Open, Text, Time } from "./fields.js";

/**
 * ARCA electronic invoices and credit notes (desktop/src/invoicing). Sent when ARCA authorised one (CAE),
 * when it was issued under a CAEA (contingency) and when that CAEA voucher was reported. The cloud keeps
 * them as appliance events for now (cloud/src/ingest/projections/entities.ts EVENT_ENTITIES).
 */
export const InvoicePayload = Type.Object(
  {
    id: Id,
    saleId: Id,
    returnId: Nullable(Id),
    originalId: Nullable(Id),
    kind: Type.Union([Type.Literal("invoice"), Type.Literal("credit_note")]),
    status: Type.Union([
      Type.Literal("authorised"),
      Type.Literal("caea_issued"),
      Type.Literal("caea_reported"),
    ]),
    letter: Type.Union([Type.Literal("A"), Type.Literal("B"), Type.Literal("C")]),
    /** ARCA's CbteTipo: 1/6/11 Factura A/B/C, 3/8/13 Nota de crédito A/B/C. */
    cbteTipo: Type.Integer({ minimum: 1, maximum: 999 }),
    pointOfSale: Type.Integer({ minimum: 1, maximum: 99998 }),
    number: Type.Integer({ minimum: 1, maximum: 99_999_999 }),
    authority: Type.Union([Type.Literal("CAE"), Type.Literal("CAEA")]),
    /** The CAE or CAEA (14 digits) and its due date (yyyymmdd). */
    code: Text(14),
    codeDue: Text(8),
    docTipo: Type.Integer({ minimum: 0, maximum: 99 }),
    docNro: Text(11),
    total: NonNegMoney,
    net: NonNegMoney,
    vat: NonNegMoney,
    /** yyyymmdd, ARCA's calendar. */
    invoiceDate: Text(8),
    at: Time,
  },
  Open,
);
