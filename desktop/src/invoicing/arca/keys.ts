import { generateKeyPairSync } from "node:crypto";
import forge from "node-forge";

/** A new 2048-bit RSA key (PKCS#1 PEM), made on the appliance: ARCA's certificates are RSA. */
export function newRsaKey(): string {
  return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
    type: "pkcs1",
    format: "pem",
  }) as string;
}

export interface CsrSubject {
  /** 11 digits. */
  cuit: string;
  /** Razón social (O). */
  organization: string;
  /** The certificate's alias as the shop names it in ARCA (CN). */
  commonName: string;
}

/**
 * The certificate signing request ARCA's "Administración de Certificados Digitales" takes: subject
 * C=AR, O=<razón social>, CN=<alias>, serialNumber=CUIT <cuit>, signed with SHA-256 by the appliance's key.
 */
export function certificateRequest(privateKeyPem: string, subject: CsrSubject): string {
  const key = forge.pki.privateKeyFromPem(privateKeyPem);
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  csr.setSubject([
    { shortName: "C", value: "AR" },
    { shortName: "O", value: subject.organization },
    { shortName: "CN", value: subject.commonName },
    { type: "2.5.4.5", value: `CUIT ${subject.cuit}` },
  ]);
  csr.sign(key, forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(csr);
}

export interface CertificateFacts {
  /** The CUIT in the subject's serialNumber ("CUIT 20123456786"), or null. */
  cuit: string | null;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  /** Whether the certificate's public key is the one of `privateKeyPem`. */
  matchesKey: boolean;
}

/** Reads a PEM certificate; null when it is not one. */
export function certificateFacts(certificatePem: string, privateKeyPem: string): CertificateFacts | null {
  let cert: forge.pki.Certificate;
  try {
    cert = forge.pki.certificateFromPem(certificatePem);
  } catch {
    return null;
  }
  const key = forge.pki.privateKeyFromPem(privateKeyPem);
  const pub = cert.publicKey as forge.pki.rsa.PublicKey;
  const serial = cert.subject.getField({ type: "2.5.4.5" }) as { value: string } | null;
  const cuit = serial ? (/CUIT\s*(\d{11})/.exec(serial.value)?.[1] ?? null) : null;
  const names = (attrs: forge.pki.CertificateField[]) =>
    attrs.map((a) => `${a.shortName ?? a.name ?? a.type}=${String(a.value)}`).join(", ");
  return {
    cuit,
    subject: names(cert.subject.attributes),
    issuer: names(cert.issuer.attributes),
    validFrom: cert.validity.notBefore.toISOString(),
    validTo: cert.validity.notAfter.toISOString(),
    matchesKey: pub.n.equals(key.n) && pub.e.equals(key.e),
  };
}
