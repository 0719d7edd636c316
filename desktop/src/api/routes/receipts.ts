import { Type, type TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyPluginAsync } from "fastify";
import type { Ctx } from "../../core/context.js";
import { widthChars } from "../../receipts/document.js";
import { buildSaleReceipt } from "../../receipts/layout.js";
import { renderPreview } from "../../receipts/preview.js";
import { buildReturnSlip, printReturnSlip } from "../../receipts/return-slip.js";
import { openDrawer, printerStatus, printSale } from "../../receipts/printer.js";
import { LastPrintFailure } from "../../receipts/print-failures.js";
import { printTestPage } from "../../receipts/test-page.js";
import { getSettings } from "../../shop/settings.js";
import { principalOf, requirePermission } from "../auth.js";
import type { RoutesFactory } from "../../core/module.js";

const SaleParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
const ReceiptQuery = Type.Object(
  { widthMm: Type.Optional(Type.Union([Type.Literal(58), Type.Literal(80)])) },
  { additionalProperties: false },
);
const PrintBody = Type.Object({ openDrawer: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
const DrawerBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

/** Receipts and the printer (API contract, "Receipts and printer"): preview, print, drawer, status. */
export const receiptRoutes: RoutesFactory = (ctx: Ctx): FastifyPluginAsync => {
  const lastFailure = new LastPrintFailure(ctx.bus);
  return async (plugin) => {
    plugin.addHook("onClose", async () => lastFailure.close());
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      "/sales/:id/receipt",
      { schema: { params: SaleParams, querystring: ReceiptQuery } },
      async (request) => {
        const width = widthChars(request.query.widthMm ?? getSettings(ctx.db).printer.widthMm);
        const doc = buildSaleReceipt(ctx, request.params.id);
        return { lines: renderPreview(doc, width), widthChars: width, qr: doc.qr };
      },
    );

    app.post("/sales/:id/print", { schema: { params: SaleParams, body: PrintBody } }, async (request) => {
      await printSale(ctx, request.params.id, { openDrawer: request.body.openDrawer });
      return { printed: true };
    });

    // The nota de devolución of a return: the same preview and print as a sale's ticket.
    app.get(
      "/returns/:id/receipt",
      { schema: { params: SaleParams, querystring: ReceiptQuery } },
      async (request) => {
        const width = widthChars(request.query.widthMm ?? getSettings(ctx.db).printer.widthMm);
        const doc = buildReturnSlip(ctx, request.params.id);
        return { lines: renderPreview(doc, width), widthChars: width, qr: doc.qr };
      },
    );

    app.post("/returns/:id/print", { schema: { params: SaleParams, body: PrintBody } }, async (request) => {
      await printReturnSlip(ctx, request.params.id, { openDrawer: request.body.openDrawer });
      return { printed: true };
    });

    app.post(
      "/drawer/open",
      { schema: { body: DrawerBody }, preHandler: requirePermission("drawer.open_without_sale") },
      async (request) => {
        await openDrawer(ctx, principalOf(request), request.body.reason);
        return { opened: true };
      },
    );

    app.get("/printer/status", async () => printerStatus(ctx, lastFailure.current));

    // "Probar impresora" prints a real page; the drawer opens only when the owner ticks it.
    app.post(
      "/printer/test",
      { schema: { body: PrintBody }, preHandler: requirePermission("settings.edit") },
      async (request) => {
        await printTestPage(ctx, { openDrawer: request.body.openDrawer === true });
        return { printed: true };
      },
    );
  };
};
