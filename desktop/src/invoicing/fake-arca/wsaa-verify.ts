import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

export type CmsCheck =
  | { ok: true; tra: string; signerCertificate: pkijs.Certificate }
  | { ok: false; faultcode: string; faultstring: string };

const pemToDer = (pem: string): ArrayBuffer => {
  const b64 = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  const buf = Buffer.from(b64, "base64");
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
};

/**
 * What WSAA does with loginCms's `in0`: a CMS SignedData with the TRA attached, signed by a certificate
 * the CA issued and still valid at `now`. Checked with pkijs, a different library from the one that signs
 * (node-forge), so the two agree on the wire format rather than on one implementation.
 */
export async function checkLoginCms(cmsBase64: string, caPem: string, now: Date): Promise<CmsCheck> {
  const bad = (faultcode: string, faultstring: string): CmsCheck => ({ ok: false, faultcode, faultstring });
  let signed: pkijs.SignedData;
  try {
    const der = Buffer.from(cmsBase64, "base64");
    const asn1 = asn1js.fromBER(der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength));
    if (asn1.offset === -1) return bad("cms.bad", "CMS invalido");
    const info = new pkijs.ContentInfo({ schema: asn1.result });
    signed = new pkijs.SignedData({ schema: info.content });
  } catch {
    return bad("cms.bad", "CMS invalido");
  }
  const content = signed.encapContentInfo.eContent;
  if (!content) return bad("cms.bad", "El CMS no contiene el TRA");
  const tra = Buffer.from(content.getValue()).toString("utf8");
  const cert = (signed.certificates ?? []).find(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  if (!cert) return bad("cms.cert.notFound", "El CMS no contiene el certificado del firmante");
  if (cert.notAfter.value < now) return bad("cms.cert.expired", "Certificado expirado");
  if (cert.notBefore.value > now) return bad("cms.cert.invalid", "Certificado aun no valido");
  const ca = pkijs.Certificate.fromBER(pemToDer(caPem));
  const chained = await cert.verify(ca).catch(() => false);
  if (!chained) return bad("cms.cert.untrusted", "Certificado no emitido por AC de confianza");
  const verified = await signed
    .verify({ signer: 0, checkChain: false })
    .then((ok) => ok === true)
    .catch(() => false);
  if (!verified) return bad("cms.sign.invalid", "Firma invalida o algoritmo no soportado");
  return { ok: true, tra, signerCertificate: cert };
}

/** The CUIT in a certificate's subject serialNumber ("CUIT 20123456786"). */
export function cuitOfCertificate(cert: pkijs.Certificate): string | null {
  for (const attr of cert.subject.typesAndValues) {
    if (attr.type === "2.5.4.5") {
      const value = String((attr.value.valueBlock as { value?: unknown }).value ?? "");
      return /CUIT\s*(\d{11})/.exec(value)?.[1] ?? null;
    }
  }
  return null;
}
