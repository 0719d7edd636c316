import { cuitProblem } from "@mostrador/contracts/cuit";
import type { DocType, IvaCondition as CustomerIvaCondition } from "@mostrador/contracts/http/customers";
import type { IvaByRate } from "@mostrador/contracts/http/sales";
import { formatMoney } from "@mostrador/contracts/money";
import { DomainError } from "@mostrador/kernel/core/errors";
import type { VatShare } from "./arca/wsfe.js";

export type Letter = "A" | "B" | "C";
export type ShopIvaCondition = "responsable_inscripto" | "monotributo" | "exento";

/** CbteTipo (FEParamGetTiposCbte): Factura A/B/C and their Notas de crédito. */
export const CBTE_TIPO: Record<Letter, { invoice: number; credit_note: number }> = {
  A: { invoice: 1, credit_note: 3 },
  B: { invoice: 6, credit_note: 8 },
  C: { invoice: 11, credit_note: 13 },
};

/** AlicIva Id (FEParamGetTiposIva) by the sale lines' rate in basis points. */
export const VAT_ID: Record<number, number> = { 0: 3, 1050: 4, 2100: 5 };

/** DocTipo (FEParamGetTiposDoc). 99: not identified, with DocNro 0. */
export const DOC_TIPO: Record<DocType, number> = { cuit: 80, cuil: 86, dni: 96, passport: 94 };

/** CondicionIVAReceptorId (FEParamGetCondicionIvaReceptor). */
export const RECEPTOR_IVA_ID: Record<CustomerIvaCondition, number> = {
  responsable_inscripto: 1,
  exento: 4,
  consumidor_final: 5,
  monotributista: 6,
};

export interface Buyer {
  docType: DocType | null;
  docNumber: string | null;
  ivaCondition: CustomerIvaCondition;
}

export interface VoucherPlan {
  letter: Letter;
  docTipo: number;
  docNro: string;
  receptorIvaId: number;
  total: number;
  net: number;
  vat: number;
  vatShares: VatShare[];
}

const refuse = (code: string, message: string) => new DomainError("invalid", code, message);

/** The letter by the shop's and the buyer's IVA condition (see planVoucher). */
export function letterFor(shop: ShopIvaCondition, buyerIva: CustomerIvaCondition): Letter {
  if (shop !== "responsable_inscripto") return "C";
  return buyerIva === "responsable_inscripto" || buyerIva === "monotributista" ? "A" : "B";
}

/**
 * The buyer's document as ARCA wants it for this letter and total, or the Spanish refusal: a Factura A
 * names a valid CUIT; a CUIT/CUIL or DNI given must be valid; a B or C above the DNI threshold must name
 * the buyer. Used by planVoucher and by the till's preview before payment (one rule, one place).
 */
export function buyerDocFor(
  letter: Letter,
  buyer: Buyer,
  total: number,
  dniThreshold: number,
): { docTipo: number; docNro: string } {
  const digits = buyer.docNumber?.replace(/\D/g, "") ?? "";
  if (letter === "A") {
    if (buyer.docType !== "cuit" || cuitProblem(digits)) {
      throw refuse(
        "invoice_a_needs_cuit",
        `Una Factura A necesita el CUIT válido del cliente${digits ? ` ("${buyer.docNumber}" no lo es)` : ""}`,
      );
    }
  } else if (buyer.docType === "cuit" || buyer.docType === "cuil") {
    if (cuitProblem(digits)) {
      throw refuse(
        "invalid_buyer_cuit",
        `El ${buyer.docType.toUpperCase()} "${buyer.docNumber}" del cliente no es válido`,
      );
    }
  } else if (buyer.docType === "dni" && !/^\d{7,8}$/.test(digits)) {
    throw refuse("invalid_buyer_dni", `El DNI "${buyer.docNumber}" del cliente no es válido (7 u 8 dígitos)`);
  }
  const named = buyer.docType !== null && digits !== "";
  if (letter !== "A" && !named && total > dniThreshold) {
    throw refuse(
      "invoice_needs_dni",
      `Un comprobante a consumidor final de más de ${formatMoney(dniThreshold)} debe llevar el DNI del comprador`,
    );
  }
  return named ? { docTipo: DOC_TIPO[buyer.docType!], docNro: digits } : { docTipo: 99, docNro: "0" };
}

/**
 * Which comprobante a sale gets and to whom, by the shop's and the buyer's IVA condition:
 * a responsable inscripto issues A to another RI or a monotributista (who must be named by a valid CUIT)
 * and B to everyone else; a monotributista or exento shop issues C. A Factura B above the DNI threshold
 * must name the buyer. Amounts from the lines' own net and IVA per rate (C: no IVA discriminated).
 */
export function planVoucher(
  shop: ShopIvaCondition,
  buyer: Buyer,
  byRate: readonly IvaByRate[],
  dniThreshold: number,
): VoucherPlan {
  const total = byRate.reduce((s, r) => s + r.net + r.iva, 0);
  if (total <= 0) {
    throw refuse(
      "invoice_zero_amount",
      "No se puede facturar un comprobante de $ 0: ARCA pide un importe mayor que cero",
    );
  }
  const letter = letterFor(shop, buyer.ivaCondition);
  const { docTipo, docNro } = buyerDocFor(letter, buyer, total, dniThreshold);
  const receptorIvaId = RECEPTOR_IVA_ID[buyer.ivaCondition];
  if (letter === "C")
    return { letter, docTipo, docNro, receptorIvaId, total, net: total, vat: 0, vatShares: [] };
  const vatShares = byRate
    .filter((r) => r.net + r.iva > 0)
    .map((r) => ({ id: VAT_ID[r.rate]!, base: r.net, amount: r.iva }));
  return {
    letter,
    docTipo,
    docNro,
    receptorIvaId,
    total,
    net: byRate.reduce((s, r) => s + r.net, 0),
    vat: byRate.reduce((s, r) => s + r.iva, 0),
    vatShares,
  };
}
