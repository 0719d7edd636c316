import type { FiscalReceipt } from "../invoicing/fiscal-receipt.js";
import { voucherNumber } from "../invoicing/fiscal-receipt.js";
import { blank, centered, pair, type ReceiptBlock, rule, text } from "./document.js";
import { formatCuit, printable } from "./es-ar-format.js";

const IVA_NAMES: Record<FiscalReceipt["issuerIva"], string> = {
  responsable_inscripto: "IVA Responsable Inscripto",
  monotributo: "Responsable Monotributo",
  exento: "IVA Exento",
};

const DOC_NAMES: Record<number, string> = { 80: "CUIT", 86: "CUIL", 96: "DNI", 94: "Pasaporte" };

const day = (yyyymmdd: string) => `${yyyymmdd.slice(6, 8)}/${yyyymmdd.slice(4, 6)}/${yyyymmdd.slice(0, 4)}`;

/**
 * The legal header of an electronic comprobante (RG 1415 / RG 4291): letter and code, punto de venta and
 * number, date, the issuer's IVA condition and inicio de actividades, and the buyer when named. It
 * replaces "DOCUMENTO NO VÁLIDO COMO FACTURA" on an invoiced ticket.
 */
export function fiscalHeader(f: FiscalReceipt): ReceiptBlock[] {
  const name = f.kind === "invoice" ? "FACTURA" : "NOTA DE CRÉDITO";
  const blocks: ReceiptBlock[] = [
    centered(`${name} ${f.letter}`, "large"),
    centered(`Cód. ${String(f.cbteTipo).padStart(3, "0")}`),
    pair("Punto de venta / Nro.", voucherNumber(f.pointOfSale, f.number), "bold"),
    pair("Fecha de emisión", day(f.invoiceDate)),
    text(printable(f.legalName)),
    text(`CUIT ${formatCuit(f.issuerCuit)} - ${IVA_NAMES[f.issuerIva]}`),
  ];
  if (f.activityStart) {
    const [y, m, d] = f.activityStart.split("-");
    blocks.push(text(`Inicio de actividades: ${d}/${m}/${y}`));
  }
  if (f.docTipo !== 99)
    blocks.push(
      text(
        `Cliente: ${DOC_NAMES[f.docTipo] ?? "Doc."} ${f.docTipo === 80 ? formatCuit(f.docNro) : f.docNro}`,
      ),
    );
  else blocks.push(text("Cliente: Consumidor final"));
  if (f.cancels) blocks.push(text(`Comprobante asociado: Factura ${f.cancels}`));
  blocks.push(rule);
  return blocks;
}

/** CAE (or CAEA) and its due date, and ARCA's fiscal QR, at the foot of the comprobante. */
export function fiscalFooter(f: FiscalReceipt): ReceiptBlock[] {
  return [
    blank,
    pair(f.authority, f.code, "bold"),
    pair(`Vto. ${f.authority}`, day(f.codeDue)),
    ...(f.authority === "CAEA" ? [text("Comprobante emitido en contingencia (CAEA)")] : []),
    centered("Comprobante autorizado por ARCA"),
    { kind: "qr", data: f.qrUrl },
  ];
}
