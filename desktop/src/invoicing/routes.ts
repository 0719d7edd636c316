import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import {
  CertificateExpiryStatus,
  CertificateUpload,
  InvoiceList,
  InvoicePreview,
  InvoicePreviewRequest,
  InvoiceRequest,
  Invoice,
  InvoicingPending,
  InvoicingSetup,
  InvoicingSetupPatch,
  NewKeyRequest,
} from "@mostrador/contracts/http/invoicing";
import { IdParams } from "@mostrador/contracts/http/fields";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { installedCertificateExpiry } from "./certificate-expiry.js";
import { invoicesOfSale } from "./invoice-rows.js";
import { previewInvoice, requestSaleInvoice } from "./invoice-requests.js";
import { type RunOptions, runInvoicing } from "./invoice-runner.js";
import { pendingInvoicing } from "./pending.js";
import { generateKeyAndCsr, getInvoicingSetup, installCertificate, updateInvoicingSetup } from "./setup.js";

const RunSummary = Type.Object({
  authorised: Type.Integer(),
  caeaIssued: Type.Integer(),
  caeaReported: Type.Integer(),
  failed: Type.Integer(),
  waiting: Type.Integer(),
  problem: Type.Union([Type.Null(), Type.String()]),
});

/**
 * ARCA invoicing: the setup (Ajustes → Facturación; invoicing.manage), invoicing a sale from the till
 * (any staff: the cashier asks for a Factura A at the counter), a sale's comprobantes, the pending list,
 * and a run of the queue on demand. `runOptions` lets tests shorten ARCA's timeout.
 */
export const invoicingRoutes =
  (runOptions: RunOptions = {}): RoutesFactory =>
  (ctx) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const manage = requirePermission("invoicing.manage");
    const setup = { response: { 200: InvoicingSetup } };
    // Sending happens after the answer: the till polls the sale's comprobantes (the receipt waits for the CAE).
    const kick = () => void runInvoicing(ctx, runOptions).catch(() => undefined);

    app.get("/invoicing/setup", { preHandler: manage, schema: setup }, async () => getInvoicingSetup(ctx));

    app.put(
      "/invoicing/setup",
      { preHandler: manage, schema: { body: InvoicingSetupPatch, ...setup } },
      async (request) => updateInvoicingSetup(ctx, principalOf(request), request.body),
    );

    app.post(
      "/invoicing/key",
      { preHandler: manage, schema: { body: NewKeyRequest, ...setup } },
      async (request) => generateKeyAndCsr(ctx, principalOf(request), request.body.commonName),
    );

    app.post(
      "/invoicing/certificate",
      { preHandler: manage, schema: { body: CertificateUpload, ...setup } },
      async (request) => installCertificate(ctx, principalOf(request), request.body.pem),
    );

    app.post(
      "/invoicing/sales/:id/invoice",
      { schema: { params: IdParams, body: InvoiceRequest, response: { 200: Invoice } } },
      async (request) => {
        const invoice = requestSaleInvoice(ctx, principalOf(request), request.params.id, request.body);
        kick();
        return invoice;
      },
    );

    // Any staff: the till's payment dialog shows the letter and asks the DNI before the customer pays.
    app.post(
      "/invoicing/preview",
      { schema: { body: InvoicePreviewRequest, response: { 200: InvoicePreview } } },
      async (request) => previewInvoice(ctx, request.body),
    );

    app.get(
      "/invoicing/sales/:id",
      { schema: { params: IdParams, response: { 200: InvoiceList } } },
      async (request) => invoicesOfSale(ctx, request.params.id),
    );

    app.get(
      "/invoicing/pending",
      { preHandler: manage, schema: { response: { 200: InvoicingPending } } },
      async () => pendingInvoicing(ctx),
    );

    // The owner's banner at the till (and Facturación's): how close the certificate is to expiring.
    app.get(
      "/invoicing/certificate/expiry",
      { preHandler: manage, schema: { response: { 200: CertificateExpiryStatus } } },
      async () => {
        const expiry = installedCertificateExpiry(ctx);
        return expiry
          ? { validTo: expiry.validTo, daysLeft: expiry.daysLeft, threshold: expiry.threshold }
          : { validTo: null, daysLeft: null, threshold: null };
      },
    );

    app.post("/invoicing/run", { preHandler: manage, schema: { response: { 200: RunSummary } } }, async () =>
      runInvoicing(ctx, { ...runOptions, now: true }),
    );
  };
