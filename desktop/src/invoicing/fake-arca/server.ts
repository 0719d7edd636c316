import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { buildXml, child, children, parseXml, text, type XmlObject } from "../arca/soap.js";
import { WSFE_NS } from "../arca/wsfe.js";
import { checkLoginCms, cuitOfCertificate } from "./wsaa-verify.js";

/**
 * How the fake behaves on the next calls:
 * - "ok": as ARCA does;
 * - "down": the connection is dropped (no internet, ARCA down);
 * - "malformed": answers 200 with a body that is not XML;
 * - "hang_after_authorise": FECAESolicitar authorises and stores the voucher, then never answers (the
 *   client times out or is killed: the case where ARCA used a number the appliance did not hear of).
 */
export type FakeBehaviour = "ok" | "down" | "malformed" | "hang_after_authorise";

interface Voucher {
  code: string;
  kind: "CAE" | "CAEA";
  due: string;
  total: string;
  docTipo: string;
  docNro: string;
  fecha: string;
  concepto: string;
}

interface Grant {
  caea: string;
  periodo: number;
  orden: number;
  validFrom: string;
  validTo: string;
  reportBy: string;
}

export interface FakeArcaOptions {
  /** The CA whose certificates WSAA accepts (PEM). */
  caPem: string;
  /** ARCA's clock: the tests move it apart from the appliance's to check the skew handling. */
  now?: () => Date;
  /** Puntos de venta registered for the CAEA regime (others are CAE). */
  caeaPuntosDeVenta?: number[];
}

export interface FakeArca {
  wsaaUrl: string;
  wsfeUrl: string;
  behaviour: FakeBehaviour;
  /** The next WSFEv1 call (any method but FEDummy, or only `method`) answers this Err instead. */
  failNext: { code: number; msg: string; method?: string } | null;
  /** "authorised" (voucher key) when a CAE is granted, "login" per ticket granted, "call" per request. */
  events: EventEmitter;
  /** What the fake holds: last numbers, vouchers, CAEAs, reports, tickets issued. */
  lastNumber(cuit: string, ptoVta: number, tipo: number): number;
  voucher(cuit: string, ptoVta: number, tipo: number, nro: number): Voucher | undefined;
  caeaReports: { cuit: string; ptoVta: number; tipo: number; nro: number; caea: string }[];
  withoutMovement: { cuit: string; ptoVta: number; caea: string }[];
  loginsGranted: number;
  /** Method names received, in order. */
  calls: string[];
  close(): Promise<void>;
}

const ARCA_ZONE_MS = -3 * 3_600_000;
/** yyyymmdd of an instant in Argentina (UTC-3, no DST). */
const ymd = (at: Date): string =>
  new Date(at.getTime() + ARCA_ZONE_MS).toISOString().slice(0, 10).replace(/-/g, "");
const ymdAdd = (yyyymmdd: string, days: number): string => {
  const d = new Date(
    Date.UTC(+yyyymmdd.slice(0, 4), +yyyymmdd.slice(4, 6) - 1, +yyyymmdd.slice(6, 8) + days),
  );
  return d.toISOString().slice(0, 10).replace(/-/g, "");
};
const digits = (n: number): string => Array.from(randomBytes(n), (b) => String(b % 10)).join("");

function fortnight(periodo: number, orden: number): { from: string; to: string } {
  const y = Math.floor(periodo / 100);
  const m = periodo % 100;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, "0");
  return orden === 1
    ? { from: `${y}${mm}01`, to: `${y}${mm}15` }
    : { from: `${y}${mm}16`, to: `${y}${mm}${last}` };
}

const envelope = (inner: string) =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${inner}</soap:Body></soap:Envelope>`;

const wsfeAnswer = (method: string, result: XmlObject) =>
  envelope(buildXml({ [`${method}Response`]: { "@_xmlns": WSFE_NS, [`${method}Result`]: result } }));

const errs = (code: number, msg: string): XmlObject => ({ Errors: { Err: [{ Code: code, Msg: msg }] } });

const wsaaFault = (code: string, message: string) =>
  envelope(
    `<soapenv:Fault xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><faultcode xmlns:ns1="http://xml.apache.org/axis/">ns1:${code}</faultcode><faultstring>${message}</faultstring></soapenv:Fault>`,
  );

/**
 * A local WSAA + WSFEv1 speaking SOAP 1.1 with the WSDLs' element names: loginCms (checks the CMS against
 * the test CA, refuses a second ticket while one is valid), FEDummy, FECompUltimoAutorizado,
 * FECAESolicitar (numbering checked: error 10016), FECompConsultar (602 when unknown), FECAEASolicitar
 * (the fortnight's window, 15006; one per fortnight, 15008), FECAEAConsultar, FECAEARegInformativo and
 * FECAEASinMovimientoInformar. Tests and the demo point the appliance's configurable endpoints at it.
 */
export async function startFakeArca(options: FakeArcaOptions): Promise<FakeArca> {
  const now = options.now ?? (() => new Date());
  const caeaPvs = new Set(options.caeaPuntosDeVenta ?? []);
  const last = new Map<string, number>();
  const vouchers = new Map<string, Voucher>();
  const grants = new Map<string, Grant>();
  const tickets = new Map<string, { cuit: string; expires: number }>();
  const validTicketFor = new Map<string, number>(); // cuit|service → expires
  const hanging = new Set<ServerResponse>();

  const fake: FakeArca = {
    wsaaUrl: "",
    wsfeUrl: "",
    behaviour: "ok",
    failNext: null,
    events: new EventEmitter(),
    lastNumber: (cuit, pv, tipo) => last.get(`${cuit}|${pv}|${tipo}`) ?? 0,
    voucher: (cuit, pv, tipo, nro) => vouchers.get(`${cuit}|${pv}|${tipo}|${nro}`),
    caeaReports: [],
    withoutMovement: [],
    loginsGranted: 0,
    calls: [],
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  async function login(body: XmlObject): Promise<string> {
    const cms = text(child(body, "loginCms"), "in0");
    const checked = await checkLoginCms(cms, options.caPem, now());
    if (!checked.ok) return wsaaFault(checked.faultcode, checked.faultstring);
    const tra = parseXml(checked.tra);
    const req = tra ? child(tra, "loginTicketRequest") : {};
    const header = child(req, "header");
    const service = text(req, "service");
    const gen = Date.parse(text(header, "generationTime"));
    const exp = Date.parse(text(header, "expirationTime"));
    const at = now().getTime();
    if (Number.isNaN(gen) || gen > at) {
      return wsaaFault("xml.generationTime.invalid", "generationTime posee formato o dato inválido");
    }
    if (Number.isNaN(exp) || exp < at)
      return wsaaFault("xml.expirationTime.expired", "expirationTime expiró");
    if (service !== "wsfe")
      return wsaaFault("coe.notAuthorized", "Computador no autorizado a acceder al servicio");
    const cuit = cuitOfCertificate(checked.signerCertificate);
    if (!cuit) return wsaaFault("cms.cert.invalid", "El certificado no tiene CUIT en serialNumber");
    const held = validTicketFor.get(`${cuit}|${service}`);
    if (held !== undefined && held > at) {
      return wsaaFault(
        "coe.alreadyAuthenticated",
        "El CEE ya posee un TA valido para el acceso al WSN solicitado",
      );
    }
    const expires = at + 12 * 3_600_000;
    const token = randomBytes(32).toString("base64");
    tickets.set(token, { cuit, expires });
    validTicketFor.set(`${cuit}|${service}`, expires);
    fake.loginsGranted += 1;
    fake.events.emit("login", cuit);
    const iso = (ms: number) => new Date(ms).toISOString();
    const ticket =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><loginTicketResponse version="1.0"><header>` +
      `<source>CN=wsaahomo, O=AFIP, C=AR, SERIALNUMBER=CUIT 33693450239</source><destination>SERIALNUMBER=CUIT ${cuit}</destination>` +
      `<uniqueId>${digits(9)}</uniqueId><generationTime>${iso(at)}</generationTime><expirationTime>${iso(expires)}</expirationTime>` +
      `</header><credentials><token>${token}</token><sign>${randomBytes(16).toString("base64")}</sign></credentials></loginTicketResponse>`;
    return envelope(
      buildXml({
        loginCmsResponse: {
          "@_xmlns": "http://wsaa.view.sua.dvadac.desein.afip.gov",
          loginCmsReturn: ticket,
        },
      }),
    );
  }

  /** The detail's checks as WSFEv1 makes them; an Err or null. */
  function detailProblem(det: XmlObject, tipo: number): XmlObject | null {
    const n = (name: string) => Math.round(Number(text(det, name)) * 100);
    if (n("ImpTotal") !== n("ImpTotConc") + n("ImpNeto") + n("ImpOpEx") + n("ImpTrib") + n("ImpIVA")) {
      return errs(
        10048,
        "El campo 'Importe Total' ImpTotal, debe ser igual a la suma de ImpTotConc + ImpNeto + ImpOpEx + ImpTrib + ImpIVA.",
      );
    }
    const ivas = children(child(det, "Iva"), "AlicIva");
    if (
      [1, 2, 3, 6, 7, 8].includes(tipo) &&
      ivas.reduce((s, a) => s + Math.round(Number(text(a, "Importe")) * 100), 0) !== n("ImpIVA")
    ) {
      return errs(10051, "La suma de los importes de IVA informados en AlicIva no coincide con ImpIVA.");
    }
    if ([1, 2, 3].includes(tipo) && text(det, "DocTipo") !== "80") {
      return errs(10013, "Para comprobantes clase A el campo DocTipo debe ser igual a 80 (CUIT).");
    }
    return null;
  }

  function authProblem(body: XmlObject, method: string): { error: string | null; cuit: string } {
    const auth = child(child(body, method), "Auth");
    const held = tickets.get(text(auth, "Token"));
    const cuit = text(auth, "Cuit");
    if (!held || held.expires < now().getTime()) {
      return {
        error: wsfeAnswer(
          method,
          errs(600, "ValidacionDeToken: No validaron las fechas del token GenTime, ExpTime, NowUTC"),
        ),
        cuit,
      };
    }
    if (held.cuit !== cuit)
      return {
        error: wsfeAnswer(method, errs(600, "ValidacionDeToken: No aparecio CUIT en lista de relaciones")),
        cuit,
      };
    return { error: null, cuit };
  }

  function wsfe(method: string, body: XmlObject, res: ServerResponse): string | "hang" {
    if (method === "FEDummy") {
      return wsfeAnswer(method, { AppServer: "OK", DbServer: "OK", AuthServer: "OK" });
    }
    const { error, cuit } = authProblem(body, method);
    if (error) return error;
    if (fake.failNext && (fake.failNext.method ?? method) === method) {
      const { code, msg } = fake.failNext;
      fake.failNext = null;
      return wsfeAnswer(method, errs(code, msg));
    }
    const req = child(body, method);
    switch (method) {
      case "FECompUltimoAutorizado": {
        const pv = Number(text(req, "PtoVta"));
        const tipo = Number(text(req, "CbteTipo"));
        return wsfeAnswer(method, { PtoVta: pv, CbteTipo: tipo, CbteNro: fake.lastNumber(cuit, pv, tipo) });
      }
      case "FECompConsultar": {
        const q = child(req, "FeCompConsReq");
        const pv = Number(text(q, "PtoVta"));
        const tipo = Number(text(q, "CbteTipo"));
        const nro = Number(text(q, "CbteNro"));
        const v = fake.voucher(cuit, pv, tipo, nro);
        if (!v)
          return wsfeAnswer(
            method,
            errs(602, "No existen datos en nuestros registros para los parametros ingresados."),
          );
        return wsfeAnswer(method, {
          ResultGet: {
            Concepto: v.concepto,
            DocTipo: v.docTipo,
            DocNro: v.docNro,
            CbteDesde: nro,
            CbteHasta: nro,
            CbteFch: v.fecha,
            ImpTotal: v.total,
            Resultado: "A",
            CodAutorizacion: v.code,
            EmisionTipo: v.kind,
            FchVto: v.due,
            FchProceso: ymd(now()),
            PtoVta: pv,
            CbteTipo: tipo,
          },
        });
      }
      case "FECAESolicitar": {
        const cab = child(child(req, "FeCAEReq"), "FeCabReq");
        const pv = Number(text(cab, "PtoVta"));
        const tipo = Number(text(cab, "CbteTipo"));
        const det = children(child(child(req, "FeCAEReq"), "FeDetReq"), "FECAEDetRequest")[0] ?? {};
        const nro = Number(text(det, "CbteDesde"));
        if (caeaPvs.has(pv))
          return wsfeAnswer(method, errs(10004, "El punto de venta informado no esta habilitado para CAE."));
        if (nro !== fake.lastNumber(cuit, pv, tipo) + 1) {
          return wsfeAnswer(
            method,
            errs(
              10016,
              "El numero o fecha del comprobante no se corresponde con el proximo a autorizar. Consultar metodo FECompUltimoAutorizado.",
            ),
          );
        }
        const problem = detailProblem(det, tipo);
        if (problem) return wsfeAnswer(method, problem);
        const cae = digits(14);
        const due = ymdAdd(text(det, "CbteFch"), 10);
        last.set(`${cuit}|${pv}|${tipo}`, nro);
        vouchers.set(`${cuit}|${pv}|${tipo}|${nro}`, {
          code: cae,
          kind: "CAE",
          due,
          total: text(det, "ImpTotal"),
          docTipo: text(det, "DocTipo"),
          docNro: text(det, "DocNro"),
          fecha: text(det, "CbteFch"),
          concepto: text(det, "Concepto"),
        });
        fake.events.emit("authorised", { cuit, pv, tipo, nro, cae });
        if (fake.behaviour === "hang_after_authorise") {
          hanging.add(res);
          return "hang";
        }
        return wsfeAnswer(method, {
          FeCabResp: {
            Cuit: cuit,
            PtoVta: pv,
            CbteTipo: tipo,
            FchProceso: ymd(now()),
            CantReg: 1,
            Resultado: "A",
            Reproceso: "N",
          },
          FeDetResp: {
            FECAEDetResponse: [
              {
                Concepto: text(det, "Concepto"),
                DocTipo: text(det, "DocTipo"),
                DocNro: text(det, "DocNro"),
                CbteDesde: nro,
                CbteHasta: nro,
                CbteFch: text(det, "CbteFch"),
                Resultado: "A",
                CAE: cae,
                CAEFchVto: due,
              },
            ],
          },
        });
      }
      case "FECAEASolicitar":
      case "FECAEAConsultar": {
        const periodo = Number(text(req, "Periodo"));
        const orden = Number(text(req, "Orden"));
        const key = `${cuit}|${periodo}|${orden}`;
        const held = grants.get(key);
        const grantXml = (g: Grant) => ({
          ResultGet: {
            CAEA: g.caea,
            Periodo: g.periodo,
            Orden: g.orden,
            FchVigDesde: g.validFrom,
            FchVigHasta: g.validTo,
            FchTopeInf: g.reportBy,
            FchProceso: ymd(now()),
          },
        });
        if (method === "FECAEAConsultar") {
          return held
            ? wsfeAnswer(method, grantXml(held))
            : wsfeAnswer(
                method,
                errs(602, "No existen datos en nuestros registros para los parametros ingresados."),
              );
        }
        if (caeaPvs.size === 0)
          return wsfeAnswer(
            method,
            errs(15003, "La CUIT no tiene puntos de venta habilitados para el regimen CAEA."),
          );
        if (held)
          return wsfeAnswer(
            method,
            errs(15008, "Ya existe un CAEA otorgado para el periodo y orden solicitado."),
          );
        const { from, to } = fortnight(periodo, orden);
        const today = ymd(now());
        if (today < ymdAdd(from, -5) || today > to) {
          return wsfeAnswer(
            method,
            errs(
              15006,
              "El CAEA solo puede solicitarse dentro de los 5 dias corridos anteriores al inicio de la quincena o durante la misma.",
            ),
          );
        }
        const grant: Grant = {
          caea: digits(14),
          periodo,
          orden,
          validFrom: from,
          validTo: to,
          reportBy: ymdAdd(to, 8),
        };
        grants.set(key, grant);
        return wsfeAnswer(method, grantXml(grant));
      }
      case "FECAEARegInformativo": {
        const inf = child(req, "FeCAEARegInfReq");
        const cab = child(inf, "FeCabReq");
        const pv = Number(text(cab, "PtoVta"));
        const tipo = Number(text(cab, "CbteTipo"));
        const det = children(child(inf, "FeDetReq"), "FECAEADetRequest")[0] ?? {};
        const nro = Number(text(det, "CbteDesde"));
        const caea = text(det, "CAEA");
        const grant = [...grants.values()].find((g) => g.caea === caea);
        if (!grant || !grants.get(`${cuit}|${grant.periodo}|${grant.orden}`)) {
          return wsfeAnswer(method, errs(15010, "El CAEA informado no existe o no corresponde a la CUIT."));
        }
        if (!caeaPvs.has(pv))
          return wsfeAnswer(
            method,
            errs(15003, "El punto de venta no esta habilitado para el regimen CAEA."),
          );
        if (nro !== fake.lastNumber(cuit, pv, tipo) + 1) {
          return wsfeAnswer(
            method,
            errs(
              10016,
              "El numero o fecha del comprobante no se corresponde con el proximo a autorizar. Consultar metodo FECompUltimoAutorizado.",
            ),
          );
        }
        const problem = detailProblem(det, tipo);
        if (problem) return wsfeAnswer(method, problem);
        last.set(`${cuit}|${pv}|${tipo}`, nro);
        vouchers.set(`${cuit}|${pv}|${tipo}|${nro}`, {
          code: caea,
          kind: "CAEA",
          due: grant.validTo,
          total: text(det, "ImpTotal"),
          docTipo: text(det, "DocTipo"),
          docNro: text(det, "DocNro"),
          fecha: text(det, "CbteFch"),
          concepto: text(det, "Concepto"),
        });
        fake.caeaReports.push({ cuit, ptoVta: pv, tipo, nro, caea });
        return wsfeAnswer(method, {
          FeCabResp: {
            Cuit: cuit,
            PtoVta: pv,
            CbteTipo: tipo,
            FchProceso: ymd(now()),
            CantReg: 1,
            Resultado: "A",
          },
          FeDetResp: {
            FECAEADetResponse: [
              { CbteDesde: nro, CbteHasta: nro, CbteFch: text(det, "CbteFch"), Resultado: "A", CAEA: caea },
            ],
          },
        });
      }
      case "FECAEASinMovimientoInformar": {
        const pv = Number(text(req, "PtoVta"));
        const caea = text(req, "CAEA");
        if (![...grants.values()].some((g) => g.caea === caea)) {
          return wsfeAnswer(method, errs(15010, "El CAEA informado no existe o no corresponde a la CUIT."));
        }
        fake.withoutMovement.push({ cuit, ptoVta: pv, caea });
        return wsfeAnswer(method, { CAEA: caea, FchProceso: ymd(now()), PtoVta: pv, Resultado: "A" });
      }
      default:
        return envelope(
          `<soap:Fault><faultcode>soap:Client</faultcode><faultstring>Metodo desconocido ${method}</faultstring></soap:Fault>`,
        );
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (fake.behaviour === "down") {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    res.setHeader("date", now().toUTCString());
    res.setHeader("content-type", "text/xml; charset=utf-8");
    if (fake.behaviour === "malformed") {
      res.end("<html><body>Service Unavailable");
      return;
    }
    const doc = parseXml(Buffer.concat(chunks).toString("utf8"));
    const body = doc ? child(child(doc, "Envelope"), "Body") : {};
    const method = Object.keys(body)[0] ?? "";
    fake.calls.push(method);
    fake.events.emit("call", method);
    let answer: string;
    if (req.url?.startsWith("/ws/services/LoginCms")) answer = await login(body);
    else if (req.url?.startsWith("/wsfev1/service.asmx")) {
      const out = wsfe(method, body, res);
      if (out === "hang") return;
      answer = out;
    } else {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.statusCode = answer.includes(":Fault") || answer.includes("<soap:Fault") ? 500 : 200;
    res.end(answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  fake.wsaaUrl = `http://127.0.0.1:${port}/ws/services/LoginCms`;
  fake.wsfeUrl = `http://127.0.0.1:${port}/wsfev1/service.asmx`;
  return fake;
}
