import forge from "node-forge";
import { newRsaKey } from "../arca/keys.js";

/**
 * A certificate authority for tests, standing in for ARCA's "Computadores" CA: it signs the CSRs the
 * appliance makes, and the fake WSAA trusts only it.
 */
export interface TestCa {
  certificatePem: string;
  /** Signs a CSR into a certificate valid from `from` to `to`. */
  issue(csrPem: string, from: Date, to: Date): string;
}

export function newTestCa(now: Date): TestCa {
  const keyPem = newRsaKey();
  const key = forge.pki.privateKeyFromPem(keyPem);
  const ca = forge.pki.createCertificate();
  ca.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  ca.serialNumber = "01";
  ca.validity.notBefore = new Date(now.getTime() - 365 * 86_400_000);
  ca.validity.notAfter = new Date(now.getTime() + 10 * 365 * 86_400_000);
  const name = [
    { shortName: "C", value: "AR" },
    { shortName: "O", value: "AFIP" },
    { shortName: "CN", value: "Computadores Test" },
  ];
  ca.setSubject(name);
  ca.setIssuer(name);
  ca.setExtensions([
    { name: "basicConstraints", cA: true },
    { name: "keyUsage", keyCertSign: true, digitalSignature: true },
  ]);
  ca.sign(key, forge.md.sha256.create());
  let serial = 1;
  return {
    certificatePem: forge.pki.certificateToPem(ca),
    issue(csrPem, from, to) {
      const csr = forge.pki.certificationRequestFromPem(csrPem);
      const cert = forge.pki.createCertificate();
      cert.publicKey = csr.publicKey!;
      serial += 1;
      cert.serialNumber = serial.toString(16).padStart(2, "0");
      cert.validity.notBefore = from;
      cert.validity.notAfter = to;
      cert.setSubject(csr.subject.attributes);
      cert.setIssuer(ca.subject.attributes);
      cert.sign(key, forge.md.sha256.create());
      return forge.pki.certificateToPem(cert);
    },
  };
}
