import { ArcaFailure, child, children, soapCall, soapEnvelope, text, type XmlObject } from "./soap.js";

export const WSFE_NS = "http://ar.gov.afip.dif.FEV1/";

/** The Auth element of every WSFEv1 call: WSAA's Token and Sign and the issuer's CUIT (11 digits). */
export interface WsfeAuth {
  token: string;
  sign: string;
  cuit: string;
}

export interface VatShare {
  /** AlicIva Id (FEParamGetTiposIva): 3 = 0 %, 4 = 10.5 %, 5 = 21 %. */
  id: number;
  /** Centavos. */
  base: number;
  amount: number;
}

export interface AssociatedVoucher {
  tipo: number;
  ptoVta: number;
  nro: number;
  cuit: string;
  /** yyyymmdd */
  fecha: string;
}

/** One voucher's detail (FECAEDetRequest), amounts in centavos; sent in the WSDL's element order. */
export interface VoucherDetail {
  concepto: 1 | 2 | 3;
  docTipo: number;
  docNro: string;
  numero: number;
  /** yyyymmdd, ARCA's (Argentina's) calendar day. */
  fecha: string;
  total: number;
  untaxed: number;
  net: number;
  exempt: number;
  vat: number;
  condicionIvaReceptorId: number;
  associated: AssociatedVoucher[];
  vatShares: VatShare[];
}

const pesos = (centavos: number): string => (centavos / 100).toFixed(2);

/** FECAEDetRequest / FECAEADetRequest content in the WSDL's sequence order. */
export function detailXml(d: VoucherDetail, extra: XmlObject = {}): XmlObject {
  return {
    Concepto: d.concepto,
    DocTipo: d.docTipo,
    DocNro: d.docNro,
    CbteDesde: d.numero,
    CbteHasta: d.numero,
    CbteFch: d.fecha,
    ImpTotal: pesos(d.total),
    ImpTotConc: pesos(d.untaxed),
    ImpNeto: pesos(d.net),
    ImpOpEx: pesos(d.exempt),
    ImpTrib: pesos(0),
    ImpIVA: pesos(d.vat),
    MonId: "PES",
    MonCotiz: 1,
    CondicionIVAReceptorId: d.condicionIvaReceptorId,
    ...(d.associated.length
      ? {
          CbtesAsoc: {
            CbteAsoc: d.associated.map((a) => ({
              Tipo: a.tipo,
              PtoVta: a.ptoVta,
              Nro: a.nro,
              Cuit: a.cuit,
              CbteFch: a.fecha,
            })),
          },
        }
      : {}),
    ...(d.vatShares.length
      ? {
          Iva: {
            AlicIva: d.vatShares.map((v) => ({ Id: v.id, BaseImp: pesos(v.base), Importe: pesos(v.amount) })),
          },
        }
      : {}),
    ...extra,
  };
}

const authXml = (auth: WsfeAuth): XmlObject => ({
  Auth: { Token: auth.token, Sign: auth.sign, Cuit: auth.cuit },
});

export interface Observation {
  code: string;
  message: string;
}

const listOf = (node: XmlObject, wrapper: string, item: string): Observation[] =>
  children(child(node, wrapper), item).map((o) => ({ code: text(o, "Code"), message: text(o, "Msg") }));

/** WSFEv1's Errors element as a refusal (its first error; the others are in the message). */
function throwErrors(result: XmlObject): void {
  const errors = listOf(result, "Errors", "Err");
  if (errors.length === 0) return;
  const first = errors[0]!;
  throw new ArcaFailure(
    "rejected",
    first.code,
    `ARCA respondió con error ${errors.map((e) => `${e.code}: ${e.message}`).join("; ")}`,
  );
}

export interface CaeAnswer {
  cae: string;
  /** yyyymmdd */
  caeDue: string;
  observations: Observation[];
}

export interface ConsultedVoucher {
  code: string;
  /** "CAE" or "CAEA" */
  kind: string;
  due: string;
  total: number;
  docNro: string;
  fecha: string;
}

export interface CaeaGrant {
  caea: string;
  periodo: number;
  orden: number;
  /** yyyymmdd */
  validFrom: string;
  validTo: string;
  reportBy: string;
}

const centavos = (value: string): number => Math.round(Number(value) * 100);

/** The WSFEv1 calls Mostrador makes, over one configurable endpoint (homologación, producción or a fake). */
export class WsfeClient {
  constructor(
    readonly url: string,
    readonly timeoutMs = 20_000,
  ) {}

  private async call(
    method: string,
    body: XmlObject,
  ): Promise<{ result: XmlObject; serverDate: Date | null }> {
    const answer = await soapCall({
      url: this.url,
      action: `${WSFE_NS}${method}`,
      envelope: soapEnvelope(WSFE_NS, method, body),
      responseElement: `${method}Response`,
      timeoutMs: this.timeoutMs,
    });
    return { result: child(answer.body, `${method}Result`), serverDate: answer.serverDate };
  }

  /** FEDummy: whether ARCA's app, db and auth servers are up, and its clock (HTTP Date). */
  async dummy(): Promise<{ up: boolean; serverDate: Date | null }> {
    const { result, serverDate } = await this.call("FEDummy", {});
    const up = ["AppServer", "DbServer", "AuthServer"].every((s) => text(result, s) === "OK");
    return { up, serverDate };
  }

  /** FECompUltimoAutorizado: the last number ARCA authorised for a punto de venta and type (0 if none). */
  async lastAuthorised(auth: WsfeAuth, ptoVta: number, cbteTipo: number): Promise<number> {
    const { result } = await this.call("FECompUltimoAutorizado", {
      ...authXml(auth),
      PtoVta: ptoVta,
      CbteTipo: cbteTipo,
    });
    throwErrors(result);
    const n = Number(text(result, "CbteNro"));
    if (!Number.isInteger(n) || n < 0) {
      throw new ArcaFailure("malformed", "malformed", "ARCA respondió un último número ilegible");
    }
    return n;
  }

  /** FECAESolicitar for one voucher; a rejection (Resultado R or Errors) throws with ARCA's code. */
  async requestCae(
    auth: WsfeAuth,
    ptoVta: number,
    cbteTipo: number,
    detail: VoucherDetail,
  ): Promise<CaeAnswer> {
    const { result } = await this.call("FECAESolicitar", {
      ...authXml(auth),
      FeCAEReq: {
        FeCabReq: { CantReg: 1, PtoVta: ptoVta, CbteTipo: cbteTipo },
        FeDetReq: { FECAEDetRequest: detailXml(detail) },
      },
    });
    throwErrors(result);
    const det = children(child(result, "FeDetResp"), "FECAEDetResponse")[0];
    const observations = det ? listOf(det, "Observaciones", "Obs") : [];
    if (!det || text(det, "Resultado") !== "A" || !/^\d{14}$/.test(text(det, "CAE"))) {
      const why = observations.map((o) => `${o.code}: ${o.message}`).join("; ");
      throw new ArcaFailure(
        "rejected",
        observations[0]?.code ?? "R",
        `ARCA rechazó el comprobante${why ? `: ${why}` : ""}`,
      );
    }
    return { cae: text(det, "CAE"), caeDue: text(det, "CAEFchVto"), observations };
  }

  /** FECompConsultar: the voucher as ARCA has it, or null when ARCA has no such number (error 602). */
  async consult(
    auth: WsfeAuth,
    ptoVta: number,
    cbteTipo: number,
    numero: number,
  ): Promise<ConsultedVoucher | null> {
    const { result } = await this.call("FECompConsultar", {
      ...authXml(auth),
      FeCompConsReq: { CbteTipo: cbteTipo, CbteNro: numero, PtoVta: ptoVta },
    });
    if (listOf(result, "Errors", "Err")[0]?.code === "602") return null;
    throwErrors(result);
    const got = child(result, "ResultGet");
    return {
      code: text(got, "CodAutorizacion"),
      kind: text(got, "EmisionTipo"),
      due: text(got, "FchVto"),
      total: centavos(text(got, "ImpTotal")),
      docNro: text(got, "DocNro"),
      fecha: text(got, "CbteFch"),
    };
  }

  private caeaOf(result: XmlObject): CaeaGrant {
    const got = child(result, "ResultGet");
    const grant = {
      caea: text(got, "CAEA"),
      periodo: Number(text(got, "Periodo")),
      orden: Number(text(got, "Orden")),
      validFrom: text(got, "FchVigDesde"),
      validTo: text(got, "FchVigHasta"),
      reportBy: text(got, "FchTopeInf"),
    };
    if (!/^\d{14}$/.test(grant.caea) || !/^\d{8}$/.test(grant.reportBy)) {
      throw new ArcaFailure("malformed", "malformed", "ARCA respondió un CAEA ilegible");
    }
    return grant;
  }

  /** FECAEASolicitar: the CAEA of a fortnight (Orden 1: days 1–15, 2: 16–end). */
  async requestCaea(auth: WsfeAuth, periodo: number, orden: 1 | 2): Promise<CaeaGrant> {
    const { result } = await this.call("FECAEASolicitar", {
      ...authXml(auth),
      Periodo: periodo,
      Orden: orden,
    });
    throwErrors(result);
    return this.caeaOf(result);
  }

  /** FECAEAConsultar: a CAEA already granted (asking FECAEASolicitar twice is refused with 15008). */
  async consultCaea(auth: WsfeAuth, periodo: number, orden: 1 | 2): Promise<CaeaGrant> {
    const { result } = await this.call("FECAEAConsultar", {
      ...authXml(auth),
      Periodo: periodo,
      Orden: orden,
    });
    throwErrors(result);
    return this.caeaOf(result);
  }

  /** FECAEARegInformativo: reports one voucher issued under a CAEA. */
  async reportCaeaVoucher(
    auth: WsfeAuth,
    ptoVta: number,
    cbteTipo: number,
    detail: VoucherDetail,
    caea: string,
    /** yyyymmddhhmmss, when the voucher was generated. */
    generatedAt: string,
  ): Promise<void> {
    const { result } = await this.call("FECAEARegInformativo", {
      ...authXml(auth),
      FeCAEARegInfReq: {
        FeCabReq: { CantReg: 1, PtoVta: ptoVta, CbteTipo: cbteTipo },
        FeDetReq: { FECAEADetRequest: detailXml(detail, { CAEA: caea, CbteFchHsGen: generatedAt }) },
      },
    });
    throwErrors(result);
    const det = children(child(result, "FeDetResp"), "FECAEADetResponse")[0];
    if (!det || text(det, "Resultado") !== "A") {
      const obs = det ? listOf(det, "Observaciones", "Obs") : [];
      throw new ArcaFailure(
        "rejected",
        obs[0]?.code ?? "R",
        `ARCA rechazó el informe del comprobante CAEA${obs.length ? `: ${obs.map((o) => `${o.code}: ${o.message}`).join("; ")}` : ""}`,
      );
    }
  }

  /** FECAEASinMovimientoInformar: a CAEA punto de venta issued nothing in the fortnight. */
  async reportCaeaWithoutMovement(auth: WsfeAuth, ptoVta: number, caea: string): Promise<void> {
    const { result } = await this.call("FECAEASinMovimientoInformar", {
      ...authXml(auth),
      PtoVta: ptoVta,
      CAEA: caea,
    });
    throwErrors(result);
  }
}
