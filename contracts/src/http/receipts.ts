import { Type, type Static } from "@sinclair/typebox";
import { Closed, IdParams, Int, Nullable } from "./fields.js";

/** Receipts and the printer (desktop/src/api/routes/receipts.ts): preview, print, drawer, status. */

/** /api/sales/:id/receipt, /api/returns/:id/receipt, /api/exchanges/:id/receipt, …/print */
export const ReceiptParams = IdParams;
export const ReceiptQuery = Type.Object(
  { widthMm: Type.Optional(Type.Union([Type.Literal(58), Type.Literal(80)])) },
  Closed,
);
export const PrintBody = Type.Object({ openDrawer: Type.Optional(Type.Boolean()) }, Closed);
export type PrintInput = Static<typeof PrintBody>;
/**
 * POST /api/sales/:id/reprint and /api/returns/:id/reprint carry nothing (no body, or {}): a reprint is
 * marked "REIMPRESIÓN — COPIA", never opens the drawer, and is audited.
 */
export const ReprintBody = Type.Object({}, Closed);
export const DrawerBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 200 }) }, Closed);

/** GET /api/sales/:id/receipt and /api/returns/:id/receipt: the ticket as text lines, its QR apart. */
export const ReceiptSchema = Type.Object(
  { lines: Type.Array(Type.String()), widthChars: Int, qr: Nullable(Type.String()) },
  Closed,
);
export type Receipt = Static<typeof ReceiptSchema>;

export const PrintedAnswer = Type.Object({ printed: Type.Literal(true) }, Closed);
export const DrawerOpenedAnswer = Type.Object({ opened: Type.Literal(true) }, Closed);

/** The last print, drawer kick or test page that failed since the last one that worked. */
export const PrintFailureSchema = Type.Object({ at: Type.String(), message: Type.String() }, Closed);
export type PrintFailure = Static<typeof PrintFailureSchema>;

/** GET /api/printer/status */
export const PrinterStatusSchema = Type.Object(
  {
    configured: Type.Boolean(),
    reachable: Type.Boolean(),
    /** The server's Spanish sentence: what is wrong and where to fix it. */
    message: Type.String(),
    lastError: Nullable(PrintFailureSchema),
  },
  Closed,
);
export type PrinterStatus = Static<typeof PrinterStatusSchema>;
