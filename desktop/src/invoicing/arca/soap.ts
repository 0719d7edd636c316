import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import type { Agent, fetch as undiciFetch } from "undici";

/**
 * ARCA's production servers still offer 1024-bit Diffie-Hellman, which OpenSSL 3 (Node ≥ 17) refuses at
 * its default security level ("dh key too small", a known complaint of integrators). The lower level is
 * scoped to these calls only, through their own connection pool, never the process's defaults.
 * undici is loaded at the first call to ARCA, not at the appliance's start (most shops never invoice).
 */
let arcaHttp: Promise<{ fetch: typeof undiciFetch; arcaTls: Agent }> | null = null;
const loadArcaHttp = () =>
  (arcaHttp ??= import("undici").then((undici) => ({
    fetch: undici.fetch,
    arcaTls: new undici.Agent({ connect: { ciphers: "DEFAULT@SECLEVEL=1" } }),
  })));

/**
 * Why a call to ARCA did not give an answer we can use. "unreachable" and "timeout" say nothing about
 * whether ARCA acted (a timeout may come after it authorised): the caller asks ARCA before retrying.
 * "malformed": an answer that is not the SOAP we expect. "fault": a SOAP Fault (WSAA's way to refuse).
 * "rejected": a WSFEv1 answer carrying Errors (ARCA's code in `code`).
 */
export type ArcaFailureKind = "unreachable" | "timeout" | "malformed" | "fault" | "rejected";

export class ArcaFailure extends Error {
  override name = "ArcaFailure";
  constructor(
    readonly kind: ArcaFailureKind,
    /** ARCA's own code (a WSFEv1 error code, a WSAA faultcode), or the kind. */
    readonly code: string,
    /** Spanish, for the person at the till or in Ajustes. */
    message: string,
  ) {
    super(message);
  }
}

// Elements that repeat in the WSDLs (maxOccurs="unbounded"): always arrays once parsed, even with one item.
const REPEATED = new Set([
  "Err",
  "Obs",
  "Evt",
  "AlicIva",
  "CbteAsoc",
  "Tributo",
  "FECAEDetRequest",
  "FECAEDetResponse",
  "FECAEADetRequest",
  "FECAEADetResponse",
]);

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  // Every value stays text: CAEs and CUITs are digit strings, and the callers convert what is a number.
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

const builder = new XMLBuilder({ ignoreAttributes: false, suppressEmptyNode: false });

export type XmlValue = string | number | XmlObject | XmlObject[] | undefined;
export interface XmlObject {
  [name: string]: XmlValue;
}

/** Parses XML text to plain objects (namespaces dropped); null when it is not well-formed XML. */
export function parseXml(text: string): XmlObject | null {
  if (XMLValidator.validate(text) !== true) return null;
  return parser.parse(text) as XmlObject;
}

/** Plain objects to XML text, elements in object order (the WSDLs' sequences are ordered). */
export function buildXml(value: XmlObject): string {
  return builder.build(value) as string;
}

/** A SOAP 1.1 envelope around one request element in namespace `ns`. */
export function soapEnvelope(ns: string, element: string, body: XmlObject): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>` +
    buildXml({ [element]: { "@_xmlns": ns, ...body } }) +
    `</soap:Body></soap:Envelope>`
  );
}

export interface SoapAnswer {
  /** The response element's content (`<XResponse>`'s children). */
  body: XmlObject;
  /** The server's clock, from the HTTP Date header (whole seconds), when it sent one. */
  serverDate: Date | null;
}

export interface SoapCall {
  url: string;
  /** SOAPAction header: WSFEv1 wants `http://ar.gov.afip.dif.FEV1/<Method>`, WSAA an empty one. */
  action: string;
  envelope: string;
  /** The response element expected in the Body (`FECAESolicitarResponse`). */
  responseElement: string;
  timeoutMs: number;
}

const soapBodyOf = (doc: XmlObject): XmlObject | null => {
  const env = doc["Envelope"];
  if (!env || typeof env !== "object" || Array.isArray(env)) return null;
  const body = env["Body"];
  return body && typeof body === "object" && !Array.isArray(body) ? body : null;
};

/** Posts one SOAP request and returns the response element, or throws an ArcaFailure saying why not. */
export async function soapCall(call: SoapCall): Promise<SoapAnswer> {
  const { fetch, arcaTls } = await loadArcaHttp();
  let res: Awaited<ReturnType<typeof fetch>>;
  let text: string;
  try {
    res = await fetch(call.url, {
      method: "POST",
      headers: { "content-type": "text/xml; charset=utf-8", soapaction: `"${call.action}"` },
      body: call.envelope,
      signal: AbortSignal.timeout(call.timeoutMs),
      dispatcher: arcaTls,
    });
    text = await res.text();
  } catch (err) {
    if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) {
      throw new ArcaFailure(
        "timeout",
        "timeout",
        `ARCA no respondió en ${Math.round(call.timeoutMs / 1000)} s: no se sabe si autorizó, se consulta antes de reintentar`,
      );
    }
    throw new ArcaFailure(
      "unreachable",
      "unreachable",
      "No hay conexión con ARCA (sin internet o servicio caído)",
    );
  }
  const date = res.headers.get("date");
  const serverDate = date && !Number.isNaN(Date.parse(date)) ? new Date(date) : null;
  const doc = parseXml(text);
  const body = doc ? soapBodyOf(doc) : null;
  if (!body) {
    throw new ArcaFailure(
      "malformed",
      "malformed",
      `ARCA respondió algo que no es SOAP válido (HTTP ${res.status}); se reintentará más tarde`,
    );
  }
  const fault = body["Fault"];
  if (fault && typeof fault === "object" && !Array.isArray(fault)) {
    const code = String(fault["faultcode"] ?? "fault").replace(/^.*:/, "");
    throw new ArcaFailure("fault", code, `ARCA rechazó el pedido: ${String(fault["faultstring"] ?? code)}`);
  }
  const answer = body[call.responseElement];
  if (!answer || typeof answer !== "object" || Array.isArray(answer)) {
    throw new ArcaFailure(
      "malformed",
      "malformed",
      `ARCA respondió sin ${call.responseElement}; se reintentará más tarde`,
    );
  }
  return { body: answer, serverDate };
}

/** A child element as an object ({} when absent or empty). */
export function child(node: XmlValue, name: string): XmlObject {
  if (!node || typeof node !== "object" || Array.isArray(node)) return {};
  const value = node[name];
  return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}

/** A repeated child element as an array ([] when absent). */
export function children(node: XmlValue, name: string): XmlObject[] {
  if (!node || typeof node !== "object" || Array.isArray(node)) return [];
  const value = node[name];
  return Array.isArray(value) ? value : [];
}

/** A child element's text ("" when absent). */
export function text(node: XmlValue, name: string): string {
  if (!node || typeof node !== "object" || Array.isArray(node)) return "";
  const value = node[name];
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}
