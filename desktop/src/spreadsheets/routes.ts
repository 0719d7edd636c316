import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  type ExportKind,
  ExportQuery,
  ImportQuery,
  ImportResult,
  PreviewQuery,
  SPREADSHEET_MAX_BYTES,
  SheetPreview,
  type SheetKind,
} from "@mostrador/contracts/http/spreadsheets";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import type { FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import { exportCsv, exportXlsx } from "./export-sheet.js";
import { importCosts } from "./import-costs.js";
import { importPrices } from "./import-prices.js";
import { importProducts } from "./import-products.js";
import { importStock } from "./import-stock.js";
import { importSuppliers } from "./import-suppliers.js";
import { readTable, tooBig } from "./read-table.js";
import { fileRefusal } from "./sheet-error.js";
import { checkMapping, suggestMapping } from "./sheet-mapping.js";

const PREVIEW_ROWS = 8;
const EXPORT_FILE_NAMES: Record<ExportKind, string> = {
  products: "productos",
  stock: "stock",
  costs: "costos",
  suppliers: "proveedores",
};

const bytesOf = (request: FastifyRequest): Uint8Array => {
  if (!Buffer.isBuffer(request.body))
    throw fileRefusal("no_file", "Elegí un archivo CSV o XLSX (se envía como application/octet-stream)");
  return request.body;
};

/**
 * The file is the raw request body (application/octet-stream), up to SPREADSHEET_MAX_BYTES. A bigger
 * Content-Length is refused before the body is read; a body that grows past it without one is cut by
 * Fastify's bodyLimit. Importing the catalog or prices needs catalog.edit; stock, costs and suppliers
 * stock.adjust.
 */
export const spreadsheetRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  app.addContentTypeParser(
    "application/octet-stream",
    { parseAs: "buffer", bodyLimit: SPREADSHEET_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );
  const stockGuard = requirePermission("stock.adjust");
  const catalogGuard = requirePermission("catalog.edit");
  const mayUse: preHandlerAsyncHookHandler = async function (request, reply) {
    const kind = (request.query as { kind?: SheetKind }).kind;
    const guard = kind === "products" || kind === "prices" ? catalogGuard : stockGuard;
    await guard.call(this, request, reply, () => {});
  };
  const upload = {
    preHandler: mayUse,
    bodyLimit: SPREADSHEET_MAX_BYTES,
    onRequest: async (request: FastifyRequest) => {
      if (Number(request.headers["content-length"] ?? 0) > SPREADSHEET_MAX_BYTES) throw tooBig();
    },
  };

  app.post(
    "/spreadsheets/preview",
    {
      ...upload,
      schema: { querystring: PreviewQuery, response: { 200: SheetPreview } },
    },
    async (request) => {
      const table = await readTable(bytesOf(request));
      return {
        format: table.format,
        encoding: table.encoding,
        separator: table.separator,
        headers: table.headers,
        sample: table.rows.slice(0, PREVIEW_ROWS).map((r) => table.headers.map((_, i) => r.cells[i] ?? "")),
        rowCount: table.rows.length,
        mapping: suggestMapping(request.query.kind, table.headers) as Record<string, number>,
      };
    },
  );

  app.post(
    "/spreadsheets/import",
    {
      ...upload,
      schema: { querystring: ImportQuery, response: { 200: ImportResult } },
    },
    async (request) => {
      const { kind, dryRun = false } = request.query;
      const table = await readTable(bytesOf(request));
      const mapping = checkMapping(kind, request.query.mapping, table.headers);
      const p = principalOf(request);
      const actor = { staffId: p.staffId, terminalId: p.terminalId };
      if (kind === "products") return importProducts(ctx, table, mapping, { dryRun, actor });
      if (kind === "prices") return importPrices(ctx, table, mapping, { dryRun, actor });
      if (kind === "stock") return importStock(ctx, table, mapping, { dryRun, actor });
      if (kind === "costs") return importCosts(ctx, table, mapping, { dryRun, actor });
      return importSuppliers(ctx, table, mapping, { dryRun });
    },
  );

  app.get(
    "/spreadsheets/export",
    {
      preHandler: mayUse,
      schema: { querystring: ExportQuery },
    },
    async (request, reply) => {
      const { kind, format } = request.query;
      const name = EXPORT_FILE_NAMES[kind];
      void reply.header("content-disposition", `attachment; filename="${name}.${format}"`);
      if (format === "csv") {
        void reply.type("text/csv; charset=utf-8");
        return exportCsv(ctx, kind);
      }
      void reply.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      return exportXlsx(ctx, kind);
    },
  );
};
