import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";
import { getSettings } from "@mostrador/kernel/shop/settings";

/** ARCA's fiscal QR: this URL + base64 of the JSON below (RG 4892, "Código QR" specification). */
export const FISCAL_QR_URL = "https://www.afip.gob.ar/fe/qr/?p=";

/** What a ticket prints when it is a fiscal comprobante (an authorised invoice or credit note). */
export interface FiscalReceipt {
  letter: "A" | "B" | "C";
  kind: "invoice" | "credit_note";
  cbteTipo: number;
  pointOfSale: number;
  number: number;
  /** yyyymmdd */
  invoiceDate: string;
  authority: "CAE" | "CAEA";
  code: string;
  /** yyyymmdd */
  codeDue: string;
  issuerCuit: string;
  issuerIva: "responsable_inscripto" | "monotributo" | "exento";
  legalName: string;
  /** yyyy-mm-dd */
  activityStart: string | null;
  docTipo: number;
  docNro: string;
  /** The invoice a credit note cancels, "B 00003-00000001". */
  cancels: string | null;
  qrUrl: string;
}

interface Row {
  id: string;
  kind: "invoice" | "credit_note";
  letter: "A" | "B" | "C";
  cbte_tipo: number;
  point_of_sale: number;
  number: number;
  invoice_date: string;
  authority: "CAE" | "CAEA";
  code: string;
  code_due: string;
  doc_tipo: number;
  doc_nro: string;
  total: number;
  original_id: string | null;
}

const ISSUED = "status IN ('authorised', 'caea_issued', 'caea_reported')";

export const voucherNumber = (pointOfSale: number, number: number): string =>
  `${String(pointOfSale).padStart(5, "0")}-${String(number).padStart(8, "0")}`;

const isoDay = (yyyymmdd: string) =>
  `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;

/**
 * The fiscal QR's URL: JSON with numbers as JSON numbers, standard base64 (not URL-safe). The buyer's
 * document is left out for an unidentified consumidor final (DocTipo 99); "A" marks a CAEA.
 */
export function fiscalQrUrl(r: Row, issuerCuit: string): string {
  const json = {
    ver: 1,
    fecha: isoDay(r.invoice_date),
    cuit: Number(issuerCuit),
    ptoVta: r.point_of_sale,
    tipoCmp: r.cbte_tipo,
    nroCmp: r.number,
    importe: r.total / 100,
    moneda: "PES",
    ctz: 1,
    ...(r.doc_tipo !== 99 ? { tipoDocRec: r.doc_tipo, nroDocRec: Number(r.doc_nro) } : {}),
    tipoCodAut: r.authority === "CAEA" ? "A" : "E",
    codAut: Number(r.code),
  };
  return FISCAL_QR_URL + Buffer.from(JSON.stringify(json), "utf8").toString("base64");
}

function fiscalOf(db: Db, r: Row): FiscalReceipt {
  const shop = getSettings(db);
  const setup = stmt(db, "SELECT activity_start AS a FROM invoicing_setup WHERE id = 1").get() as
    { a: string | null } | undefined;
  const original = r.original_id
    ? (stmt(db, "SELECT letter, point_of_sale AS p, number AS n FROM invoices WHERE id = ?").get(
        r.original_id,
      ) as {
        letter: string;
        p: number;
        n: number;
      })
    : null;
  const cuit = shop.taxId.replace(/\D/g, "");
  return {
    letter: r.letter,
    kind: r.kind,
    cbteTipo: r.cbte_tipo,
    pointOfSale: r.point_of_sale,
    number: r.number,
    invoiceDate: r.invoice_date,
    authority: r.authority,
    code: r.code,
    codeDue: r.code_due,
    issuerCuit: cuit,
    issuerIva: shop.ivaCondition,
    legalName: shop.legalName || shop.name,
    activityStart: setup?.a ?? null,
    docTipo: r.doc_tipo,
    docNro: r.doc_nro,
    cancels: original ? `${original.letter} ${voucherNumber(original.p, original.n)}` : null,
    qrUrl: fiscalQrUrl(r, cuit),
  };
}

/** The sale's invoice as its ticket prints it, once ARCA authorised it (or it went under CAEA); else null. */
export function fiscalReceiptOfSale(db: Db, saleId: string): FiscalReceipt | null {
  const row = stmt(db, `SELECT * FROM invoices WHERE sale_id = ? AND kind = 'invoice' AND ${ISSUED}`).get(
    saleId,
  ) as Row | undefined;
  return row ? fiscalOf(db, row) : null;
}

/** The credit note of a return, once issued; else null. */
export function fiscalReceiptOfReturn(db: Db, returnId: string): FiscalReceipt | null {
  const row = stmt(db, `SELECT * FROM invoices WHERE return_id = ? AND ${ISSUED}`).get(returnId) as
    Row | undefined;
  return row ? fiscalOf(db, row) : null;
}
