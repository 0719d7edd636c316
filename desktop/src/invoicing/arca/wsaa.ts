import forge from "node-forge";
import { ArcaFailure, buildXml, child, parseXml, soapCall, soapEnvelope, text } from "./soap.js";

const WSAA_NS = "http://wsaa.view.sua.dvadac.desein.afip.gov";

/** What WSAA grants: a Token and Sign for one service, valid until `expiresAt`. */
export interface AccessTicket {
  token: string;
  sign: string;
  generatedAt: string;
  expiresAt: string;
}

/** ISO-8601 with ARCA's offset (-03:00), whole seconds: the form WSAA's own examples use. */
export function arcaDateTime(at: Date): string {
  const local = new Date(at.getTime() - 3 * 3_600_000).toISOString().slice(0, 19);
  return `${local}-03:00`;
}

/**
 * The login ticket request (TRA). Its times come from the CORRECTED clock (ARCA's time as far as we know
 * it): WSAA refuses a generationTime in its future, which is what a shop PC running fast produces.
 */
export function loginTicketRequest(service: string, now: Date, uniqueId: number): string {
  return buildXml({
    loginTicketRequest: {
      "@_version": "1.0",
      header: {
        uniqueId,
        generationTime: arcaDateTime(new Date(now.getTime() - 10 * 60_000)),
        expirationTime: arcaDateTime(new Date(now.getTime() + 10 * 60_000)),
      },
      service,
    },
  });
}

/**
 * The TRA signed as CMS SignedData WITH the content attached (what loginCms takes), SHA-256, with the
 * signer's certificate included so WSAA can check it against ARCA's CA. Base64 of the DER.
 */
export function signLoginRequest(
  tra: string,
  certificatePem: string,
  privateKeyPem: string,
  now: Date,
): string {
  const certificate = forge.pki.certificateFromPem(certificatePem);
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(tra, "utf8");
  p7.addCertificate(certificate);
  p7.addSigner({
    key: forge.pki.privateKeyFromPem(privateKeyPem),
    certificate,
    digestAlgorithm: forge.pki.oids.sha256!,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType!, value: forge.pki.oids.data! },
      { type: forge.pki.oids.messageDigest! },
      { type: forge.pki.oids.signingTime!, value: now as unknown as string },
    ],
  });
  p7.sign();
  return forge.util.encode64(forge.asn1.toDer(p7.toAsn1()).getBytes());
}

export interface LoginAnswer {
  ticket: AccessTicket;
  /** ARCA's clock when it answered: the HTTP Date header, else the ticket's generationTime. */
  serverTime: Date | null;
}

/** WSAA loginCms: the signed TRA in, a Token and Sign out (the ticket response is XML inside a string). */
export async function loginCms(url: string, cms: string, timeoutMs: number): Promise<LoginAnswer> {
  const { body, serverDate } = await soapCall({
    url,
    action: "",
    envelope: soapEnvelope(WSAA_NS, "loginCms", { in0: cms }),
    responseElement: "loginCmsResponse",
    timeoutMs,
  });
  const inner = parseXml(text(body, "loginCmsReturn"));
  const response = inner ? child(inner, "loginTicketResponse") : {};
  const header = child(response, "header");
  const credentials = child(response, "credentials");
  const ticket: AccessTicket = {
    token: text(credentials, "token"),
    sign: text(credentials, "sign"),
    generatedAt: text(header, "generationTime"),
    expiresAt: text(header, "expirationTime"),
  };
  if (!ticket.token || !ticket.sign || Number.isNaN(Date.parse(ticket.expiresAt))) {
    throw new ArcaFailure("malformed", "malformed", "WSAA respondió un ticket de acceso incompleto");
  }
  const generated = Date.parse(ticket.generatedAt);
  return {
    ticket: {
      ...ticket,
      generatedAt: Number.isNaN(generated) ? "" : new Date(generated).toISOString(),
      expiresAt: new Date(Date.parse(ticket.expiresAt)).toISOString(),
    },
    serverTime: serverDate ?? (Number.isNaN(generated) ? null : new Date(generated)),
  };
}
