import { Type, type Static } from "@sinclair/typebox";
import { Closed, Instant, Int, Nullable, RowId } from "./fields.js";
import { DocTypeSchema, IvaConditionSchema as CustomerIvaConditionSchema } from "./customers.js";
import { IvaConditionSchema } from "./settings.js";

/** ARCA electronic invoices (desktop/src/invoicing/routes.ts; Ajustes → Facturación and the till). */

export const ARCA_ENVIRONMENTS = ["homologacion", "produccion"] as const;
export const ArcaEnvironmentSchema = Type.Union([Type.Literal("homologacion"), Type.Literal("produccion")]);
export type ArcaEnvironment = Static<typeof ArcaEnvironmentSchema>;

/** "every_sale": a comprobante for every sale (RI and monotributo must); "on_request": when asked at the till. */
export const InvoicingModeSchema = Type.Union([
  Type.Literal("off"),
  Type.Literal("every_sale"),
  Type.Literal("on_request"),
]);
export type InvoicingMode = Static<typeof InvoicingModeSchema>;

const PointOfSale = Type.Integer({ minimum: 1, maximum: 99998 });
/** yyyy-mm-dd */
const DayKey = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" });
const Url = Type.String({ minLength: 8, maxLength: 300, pattern: "^https?://" });

/** PUT /api/invoicing/setup: any subset. CUIT, IVA condition and razón social are the shop's (shop_settings). */
export const InvoicingSetupPatch = Type.Object(
  {
    cuit: Type.Optional(Type.String({ maxLength: 20 })),
    ivaCondition: Type.Optional(IvaConditionSchema),
    legalName: Type.Optional(Type.String({ maxLength: 120 })),
    activityStart: Type.Optional(Nullable(DayKey)),
    environment: Type.Optional(ArcaEnvironmentSchema),
    caePointOfSale: Type.Optional(Nullable(PointOfSale)),
    caeaPointOfSale: Type.Optional(Nullable(PointOfSale)),
    mode: Type.Optional(InvoicingModeSchema),
    /** Centavos: a Factura B above this total names the buyer's DNI. */
    dniThreshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000_000 })),
    /** Endpoint overrides (a local fake, a proxy); null: the environment's published ones. */
    wsaaUrl: Type.Optional(Nullable(Url)),
    wsfeUrl: Type.Optional(Nullable(Url)),
  },
  Closed,
);
export type InvoicingSetupPatch = Static<typeof InvoicingSetupPatch>;

/** POST /api/invoicing/key: make a new private key and CSR on the appliance. */
export const NewKeyRequest = Type.Object(
  { commonName: Type.String({ minLength: 1, maxLength: 60, pattern: "^[A-Za-z0-9 _.-]+$" }) },
  Closed,
);
export type NewKeyRequest = Static<typeof NewKeyRequest>;

/** POST /api/invoicing/certificate: the certificate ARCA returned for our CSR (PEM text). */
export const CertificateUpload = Type.Object(
  // PEM text is lines of base64 between its BEGIN and END lines.
  { pem: Type.String({ minLength: 1, maxLength: 20_000, multiline: true }) },
  Closed,
);
export type CertificateUpload = Static<typeof CertificateUpload>;

export const InvoicingSetup = Type.Object(
  {
    cuit: Type.String(),
    ivaCondition: IvaConditionSchema,
    legalName: Type.String(),
    activityStart: Nullable(Type.String()),
    environment: ArcaEnvironmentSchema,
    wsaaUrl: Type.String(),
    wsfeUrl: Type.String(),
    hasKey: Type.Boolean(),
    /** The CSR to upload in ARCA's "Administración de Certificados Digitales". */
    csrPem: Nullable(Type.String()),
    certificate: Nullable(
      Type.Object(
        {
          subject: Type.String(),
          validFrom: Instant,
          validTo: Instant,
          expired: Type.Boolean(),
          /** Whole days left, rounded up (0: expired); the screens warn from 30. */
          daysLeft: Int,
        },
        Closed,
      ),
    ),
    caePointOfSale: Nullable(Int),
    caeaPointOfSale: Nullable(Int),
    mode: InvoicingModeSchema,
    dniThreshold: Int,
    /** ARCA's clock minus this PC's, when measured; a warning when it is off by more than a minute. */
    clock: Type.Object(
      { offsetMs: Nullable(Int), checkedAt: Nullable(Instant), warning: Nullable(Type.String()) },
      Closed,
    ),
    /** What is still missing to invoice, in Spanish; empty when ready. */
    missing: Type.Array(Type.String()),
  },
  Closed,
);
export type InvoicingSetup = Static<typeof InvoicingSetup>;

export const InvoiceStatusSchema = Type.Union([
  Type.Literal("queued"),
  Type.Literal("sending"),
  Type.Literal("authorised"),
  Type.Literal("caea_issued"),
  Type.Literal("caea_reported"),
  Type.Literal("failed"),
  Type.Literal("cancelled"),
]);
export type InvoiceStatus = Static<typeof InvoiceStatusSchema>;

export const Invoice = Type.Object(
  {
    id: Type.String(),
    saleId: Type.String(),
    returnId: Nullable(Type.String()),
    originalId: Nullable(Type.String()),
    kind: Type.Union([Type.Literal("invoice"), Type.Literal("credit_note")]),
    status: InvoiceStatusSchema,
    letter: Nullable(Type.Union([Type.Literal("A"), Type.Literal("B"), Type.Literal("C")])),
    cbteTipo: Nullable(Int),
    pointOfSale: Nullable(Int),
    number: Nullable(Int),
    authority: Nullable(Type.Union([Type.Literal("CAE"), Type.Literal("CAEA")])),
    code: Nullable(Type.String()),
    /** yyyymmdd */
    codeDue: Nullable(Type.String()),
    invoiceDate: Nullable(Type.String()),
    docTipo: Nullable(Int),
    docNro: Nullable(Type.String()),
    total: Nullable(Int),
    /** Why it is not authorised yet or failed (Spanish). */
    lastError: Nullable(Type.String()),
    createdAt: Instant,
  },
  Closed,
);
export type Invoice = Static<typeof Invoice>;

/** POST /api/invoicing/sales/:id/invoice: invoice a sale now (or retry a failed one), naming the buyer. */
export const InvoiceRequest = Type.Object(
  {
    docType: Type.Optional(DocTypeSchema),
    docNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    ivaCondition: Type.Optional(CustomerIvaConditionSchema),
  },
  Closed,
);
export type InvoiceRequest = Static<typeof InvoiceRequest>;

export const InvoiceList = Type.Array(Invoice);

/** GET /api/invoicing/pending: what the owner must see (failed, waiting, CAEA to report and its deadline). */
export const InvoicingPending = Type.Object(
  {
    waiting: InvoiceList,
    failed: InvoiceList,
    caeaToReport: InvoiceList,
    caeas: Type.Array(
      Type.Object(
        {
          caea: Type.String(),
          periodo: Int,
          orden: Int,
          validFrom: Type.String(),
          validTo: Type.String(),
          reportBy: Type.String(),
          toReport: Int,
          noMovementReported: Type.Boolean(),
        },
        Closed,
      ),
    ),
  },
  Closed,
);
export type InvoicingPending = Static<typeof InvoicingPending>;

/** The buyer's document the till asked at payment (a DNI for a large Factura B): it replaces the ticket
 * customer's document on the sale's automatic invoice. */
export const BuyerDocSchema = Type.Object(
  { docType: DocTypeSchema, docNumber: Type.String({ minLength: 1, maxLength: 20 }) },
  Closed,
);
export type BuyerDoc = Static<typeof BuyerDocSchema>;

/** POST /api/invoicing/preview: which comprobante a sale about to be paid will get (any staff: the till). */
export const InvoicePreviewRequest = Type.Object(
  {
    /** The ticket's customer (F3); absent or null: consumidor final. */
    customerId: Type.Optional(Nullable(RowId)),
    /** The sale's total in centavos. */
    total: Type.Integer({ minimum: 1, maximum: 100_000_000_000 }),
    buyerDoc: Type.Optional(Nullable(BuyerDocSchema)),
  },
  Closed,
);
export type InvoicePreviewRequest = Static<typeof InvoicePreviewRequest>;

export const InvoicePreview = Type.Object(
  {
    /** True when the shop invoices every sale: the sale will get this comprobante (it waits if the setup stopped being ready, e.g. an expired certificate). */
    automatic: Type.Boolean(),
    letter: Nullable(Type.Union([Type.Literal("A"), Type.Literal("B"), Type.Literal("C")])),
    /** The buyer the invoice will name (the customer's document, or the one given here). */
    docType: Nullable(DocTypeSchema),
    docNumber: Nullable(Type.String()),
    /** A Factura B/C above the shop's threshold with no document: the till asks the DNI. */
    needsDni: Type.Boolean(),
    dniThreshold: Int,
    /** Why the sale cannot be invoiced as it stands (Spanish), with the domain's code; null when it can. */
    problem: Nullable(Type.Object({ code: Type.String(), message: Type.String() }, Closed)),
  },
  Closed,
);
export type InvoicePreview = Static<typeof InvoicePreview>;

/**
 * GET /api/invoicing/certificate/expiry (invoicing.manage): the till's banner for the owner. `threshold`:
 * 30, 7 or 0 (expired) once reached, null while more than 30 days are left or with no certificate.
 */
export const CertificateExpiryStatus = Type.Object(
  {
    validTo: Nullable(Instant),
    daysLeft: Nullable(Int),
    threshold: Nullable(Type.Union([Type.Literal(30), Type.Literal(7), Type.Literal(0)])),
  },
  Closed,
);
export type CertificateExpiryStatus = Static<typeof CertificateExpiryStatus>;
