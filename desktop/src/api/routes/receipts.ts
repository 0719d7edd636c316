import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  DrawerBody,
  DrawerOpenedAnswer,
  PrintBody,
  PrintedAnswer,
  PrinterStatusSchema,
  ReceiptParams,
  ReceiptQuery,
  ReceiptSchema,
  ReprintBody,
} from "@mostrador/contracts/http/receipts";
import type { FastifyPluginAsync } from "fastify";
import type { Ctx } from "@mostrador/kernel/core/context";
import { type ReceiptDocument, widthChars } from "../../receipts/document.js";
import { buildSaleReceipt } from "../../receipts/layout.js";
import { settleBeforePrint } from "../../invoicing/settle-before-print.js";
import { renderPreview } from "../../receipts/preview.js";
import { buildReturnSlip, printReturnSlip } from "../../receipts/return-slip.js";
import { buildExchangeReceipt, printExchangeReceipt } from "../../receipts/exchange-receipt.js";
import { buildAccountPaymentSlip, printAccountPaymentSlip } from "../../receipts/account-payment-slip.js";
import { openDrawer, printerStatus, printSale } from "../../receipts/printer.js";
import { LastPrintFailure } from "../../receipts/print-failures.js";
import { reprint } from "../../receipts/reprint.js";
import { printTestPage } from "../../receipts/test-page.js";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";

// Requests and answers are the HTTP contract's (contracts/src/http/receipts.ts).
const preview = { params: ReceiptParams, querystring: ReceiptQuery, response: { 200: ReceiptSchema } };
const printed = { 200: PrintedAnswer };
const reprinted = {
  schema: { params: ReceiptParams, body: ReprintBody, response: printed },
  // Fastify validates a missing body as `undefined`; no body at all means the same as {}.
  preValidation: async (request: { body: unknown }) => {
    request.body ??= {};
  },
};

/** Receipts and the printer (API contract, "Receipts and printer"): preview, print, drawer, status. */
export const receiptRoutes: RoutesFactory = (ctx: Ctx): FastifyPluginAsync => {
  const lastFailure = new LastPrintFailure(ctx.bus);
  return async (plugin) => {
    plugin.addHook("onClose", async () => lastFailure.close());
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    /** A document as the screen previews it, at the asked paper width or the printer's. */
    const previewOf = (doc: ReceiptDocument, widthMm: 58 | 80 | undefined) => {
      const width = widthChars(widthMm ?? getSettings(ctx.db).printer.widthMm);
      return { lines: renderPreview(doc, width), widthChars: width, qr: doc.qr };
    };

    app.get("/sales/:id/receipt", { schema: preview }, async (request) => {
      // An invoiced sale's ticket waits a moment for its CAE (invoicing/settle-before-print.ts).
      await settleBeforePrint(ctx, { saleId: request.params.id });
      return previewOf(buildSaleReceipt(ctx, request.params.id), request.query.widthMm);
    });

    app.post(
      "/sales/:id/print",
      { schema: { params: ReceiptParams, body: PrintBody, response: printed } },
      async (request) => {
        await settleBeforePrint(ctx, { saleId: request.params.id });
        await printSale(ctx, request.params.id, { openDrawer: request.body.openDrawer });
        return { printed: true as const };
      },
    );

    // The nota de devolución of a return: the same preview and print as a sale's ticket.
    app.get("/returns/:id/receipt", { schema: preview }, async (request) => {
      await settleBeforePrint(ctx, { returnId: request.params.id });
      return previewOf(buildReturnSlip(ctx, request.params.id), request.query.widthMm);
    });

    app.post(
      "/returns/:id/print",
      { schema: { params: ReceiptParams, body: PrintBody, response: printed } },
      async (request) => {
        await settleBeforePrint(ctx, { returnId: request.params.id });
        await printReturnSlip(ctx, request.params.id, { openDrawer: request.body.openDrawer });
        return { printed: true as const };
      },
    );

    // The ticket of an exchange (cambio): both halves and the difference on one paper.
    app.get("/exchanges/:id/receipt", { schema: preview }, async (request) =>
      previewOf(buildExchangeReceipt(ctx, request.params.id), request.query.widthMm),
    );

    app.post(
      "/exchanges/:id/print",
      { schema: { params: ReceiptParams, body: PrintBody, response: printed } },
      async (request) => {
        await printExchangeReceipt(ctx, request.params.id, { openDrawer: request.body.openDrawer });
        return { printed: true as const };
      },
    );

    // The comprobante of a payment on account ("Cobrar cuenta"): the payment, its method, the balance after.
    app.get("/account-payments/:id/receipt", { schema: preview }, async (request) =>
      previewOf(buildAccountPaymentSlip(ctx, request.params.id), request.query.widthMm),
    );

    app.post(
      "/account-payments/:id/print",
      { schema: { params: ReceiptParams, body: PrintBody, response: printed } },
      async (request) => {
        await printAccountPaymentSlip(ctx, request.params.id, { openDrawer: request.body.openDrawer });
        return { printed: true as const };
      },
    );

    // Any past ticket or return slip, again, marked as a copy and audited (the sales history's "Reimprimir").
    app.post("/sales/:id/reprint", reprinted, async (request) => {
      await reprint(ctx, principalOf(request), { kind: "sale", id: request.params.id });
      return { printed: true as const };
    });

    app.post("/returns/:id/reprint", reprinted, async (request) => {
      await reprint(ctx, principalOf(request), { kind: "return", id: request.params.id });
      return { printed: true as const };
    });

    app.post(
      "/drawer/open",
      {
        schema: { body: DrawerBody, response: { 200: DrawerOpenedAnswer } },
        preHandler: requirePermission("drawer.open_without_sale"),
      },
      async (request) => {
        await openDrawer(ctx, principalOf(request), request.body.reason);
        return { opened: true as const };
      },
    );

    app.get("/printer/status", { schema: { response: { 200: PrinterStatusSchema } } }, async () =>
      printerStatus(ctx, lastFailure.current),
    );

    // "Probar impresora" prints a real page; the drawer opens only when the owner ticks it.
    app.post(
      "/printer/test",
      { schema: { body: PrintBody, response: printed }, preHandler: requirePermission("settings.edit") },
      async (request) => {
        await printTestPage(ctx, { openDrawer: request.body.openDrawer === true });
        return { printed: true as const };
      },
    );
  };
};
