import type { AccountEntry } from "@mostrador/contracts/http/accounts";
import { formatMoney } from "@mostrador/contracts/money";
import type { Ctx } from "@mostrador/kernel/core/context";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { accountStatement } from "./statement.js";

const KIND_NAMES: Record<AccountEntry["kind"], string> = {
  charge: "Compra",
  payment: "Pago",
  return_credit: "Devolución",
  void_credit: "Venta anulada",
  adjustment: "Ajuste",
};

/** What the statement says an entry is: "Compra 0001-00000042", "Pago (efectivo)", "Ajuste: motivo". */
export function entryLabel(e: AccountEntry): string {
  const base = KIND_NAMES[e.kind];
  if (e.saleNumber) return `${base} ${e.saleNumber}`;
  if (e.kind === "payment" && e.method) return `${base} (${e.method})`;
  if (e.note) return `${base}: ${e.note}`;
  return base;
}

/**
 * The customer's account statement as a PDF (A4, the standard Helvetica: es-AR text fits its encoding),
 * dates in the shop's time zone. The same ledger as GET /api/accounts/:id/statement.
 */
export async function statementPdf(ctx: Ctx, customerId: string): Promise<Buffer> {
  const { account, entries } = accountStatement(ctx, customerId);
  const settings = getSettings(ctx.db);
  const when = new Intl.DateTimeFormat("es-AR", {
    timeZone: settings.timeZone,
    dateStyle: "short",
    timeStyle: "short",
  });
  // Loaded at the first statement, not at the appliance's start (PDFKit brings its fonts and compressors).
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({
    size: "A4",
    margin: 48,
    info: { Title: `Cuenta corriente — ${account.customerName}` },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));

  doc.font("Helvetica-Bold").fontSize(16).text(settings.name);
  doc.font("Helvetica").fontSize(11).text(`Estado de cuenta corriente de ${account.customerName}`);
  doc.text(`Emitido: ${when.format(ctx.clock.now())}`);
  doc.text(
    `Límite de crédito: ${account.creditLimit === null ? "sin cuenta" : formatMoney(account.creditLimit)}   Saldo: ${formatMoney(account.balance)}`,
  );
  doc.moveDown();
  const cols = [48, 150, 360, 450];
  const row = (cells: string[], bold = false) => {
    const y = doc.y;
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(9);
    cells.forEach((text, i) => {
      const x = cols[i] ?? 48;
      const right = i >= 2;
      doc.text(text, x, y, {
        width: right ? 90 : (cols[i + 1] ?? 540) - x - 6,
        align: right ? "right" : "left",
      });
    });
    doc.moveDown(0.3);
    if (doc.y > 780) doc.addPage();
  };
  row(["Fecha", "Movimiento", "Importe", "Saldo"], true);
  for (const e of entries) {
    row([
      when.format(new Date(e.createdAt)),
      entryLabel(e),
      formatMoney(e.amount),
      formatMoney(e.runningBalance),
    ]);
  }
  if (entries.length === 0) row(["", "Sin movimientos", "", ""]);
  doc.end();
  return done;
}
