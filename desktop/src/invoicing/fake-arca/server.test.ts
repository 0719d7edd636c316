import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { certificateRequest, newRsaKey } from "../arca/keys.js";
import { ArcaFailure } from "../arca/soap.js";
import { loginCms, loginTicketRequest, signLoginRequest } from "../arca/wsaa.js";
import { type VoucherDetail, type WsfeAuth, WsfeClient } from "../arca/wsfe.js";
import { type FakeArca, startFakeArca } from "./server.js";
import { newTestCa, type TestCa } from "./test-ca.js";

const CUIT = "20123456786";
const NOW = new Date("2026-12-07T12:00:00Z");
const DAY = 86_400_000;

let ca: TestCa;
let key: string;
let csr: string;
let fake: FakeArca | undefined;

beforeAll(() => {
  ca = newTestCa(NOW);
  key = newRsaKey();
  csr = certificateRequest(key, { cuit: CUIT, organization: "Almacén Test SRL", commonName: "mostrador" });
});

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const start = async (caeaPuntosDeVenta: number[] = [9]) =>
  (fake = await startFakeArca({ caPem: ca.certificatePem, now: () => NOW, caeaPuntosDeVenta }));

const loginWith = (f: FakeArca, certificate: string, signingKey = key, at = NOW) =>
  loginCms(
    f.wsaaUrl,
    signLoginRequest(loginTicketRequest("wsfe", at, 1), certificate, signingKey, at),
    5_000,
  );

const validCert = () => ca.issue(csr, new Date(NOW.getTime() - DAY), new Date(NOW.getTime() + 700 * DAY));

async function authOn(f: FakeArca): Promise<WsfeAuth> {
  const { ticket } = await loginWith(f, validCert());
  return { token: ticket.token, sign: ticket.sign, cuit: CUIT };
}

const facturaB = (numero: number): VoucherDetail => ({
  concepto: 1,
  docTipo: 99,
  docNro: "0",
  numero,
  fecha: "20261207",
  total: 12_100,
  untaxed: 0,
  net: 10_000,
  exempt: 0,
  vat: 2_100,
  condicionIvaReceptorId: 5,
  associated: [],
  vatShares: [{ id: 5, base: 10_000, amount: 2_100 }],
});

async function failureOf(p: Promise<unknown>): Promise<ArcaFailure> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ArcaFailure) return err;
    throw err;
  }
  throw new Error("expected an ArcaFailure");
}

describe("fake WSAA", () => {
  it("grants a ticket for a CMS signed by a certificate the CA issued, with ARCA's clock in the Date header", async () => {
    const f = await start();
    const { ticket, serverTime } = await loginWith(f, validCert());
    expect(ticket.token).not.toBe("");
    expect(Date.parse(ticket.expiresAt) - NOW.getTime()).toBe(12 * 3_600_000);
    expect(serverTime?.toISOString()).toBe(NOW.toISOString());
  });

  it("refuses a second ticket while one is valid (coe.alreadyAuthenticated)", async () => {
    const f = await start();
    await loginWith(f, validCert());
    const failure = await failureOf(loginWith(f, validCert()));
    expect(failure.code).toBe("coe.alreadyAuthenticated");
  });

  it("refuses an expired certificate, one from another CA and a signature by another key", async () => {
    const f = await start();
    const expired = ca.issue(csr, new Date(NOW.getTime() - 800 * DAY), new Date(NOW.getTime() - DAY));
    expect((await failureOf(loginWith(f, expired))).code).toBe("cms.cert.expired");
    const other = newTestCa(NOW).issue(csr, new Date(NOW.getTime() - DAY), new Date(NOW.getTime() + DAY));
    expect((await failureOf(loginWith(f, other))).code).toBe("cms.cert.untrusted");
    expect((await failureOf(loginWith(f, validCert(), newRsaKey()))).code).toBe("cms.sign.invalid");
  });

  it("refuses a request generated in its future (a shop PC clock running fast)", async () => {
    const f = await start();
    const failure = await failureOf(loginWith(f, validCert(), key, new Date(NOW.getTime() + 3_600_000)));
    expect(failure.code).toBe("xml.generationTime.invalid");
  });
});

describe("fake WSFEv1", () => {
  it("authorises the next number, refuses a skipped one with 10016 and answers FECompConsultar", async () => {
    const f = await start();
    const client = new WsfeClient(f.wsfeUrl);
    const auth = await authOn(f);
    expect(await client.lastAuthorised(auth, 1, 6)).toBe(0);
    const answer = await client.requestCae(auth, 1, 6, facturaB(1));
    expect(answer.cae).toMatch(/^\d{14}$/);
    expect(answer.caeDue).toBe("20261217");
    expect(await client.lastAuthorised(auth, 1, 6)).toBe(1);
    expect((await failureOf(client.requestCae(auth, 1, 6, facturaB(3)))).code).toBe("10016");
    expect(await client.consult(auth, 1, 6, 1)).toMatchObject({
      code: answer.cae,
      kind: "CAE",
      total: 12_100,
    });
    expect(await client.consult(auth, 1, 6, 2)).toBeNull();
  });

  it("checks the totals add up (10048) and a Factura A goes to a CUIT (10013)", async () => {
    const f = await start();
    const client = new WsfeClient(f.wsfeUrl);
    const auth = await authOn(f);
    expect((await failureOf(client.requestCae(auth, 1, 6, { ...facturaB(1), total: 12_000 }))).code).toBe(
      "10048",
    );
    expect((await failureOf(client.requestCae(auth, 1, 1, facturaB(1)))).code).toBe("10013");
  });

  it("refuses a call with a token it did not grant (600)", async () => {
    const f = await start();
    const failure = await failureOf(
      new WsfeClient(f.wsfeUrl).lastAuthorised({ token: "x", sign: "y", cuit: CUIT }, 1, 6),
    );
    expect(failure).toMatchObject({ kind: "rejected", code: "600" });
  });

  it("answers an error when told, malformed XML, nothing when down, and authorises then hangs", async () => {
    const f = await start();
    const client = new WsfeClient(f.wsfeUrl, 500);
    const auth = await authOn(f);
    f.failNext = { code: 501, msg: "Error interno de aplicacion" };
    expect(await failureOf(client.lastAuthorised(auth, 1, 6))).toMatchObject({
      kind: "rejected",
      code: "501",
    });
    f.behaviour = "malformed";
    const malformed = await failureOf(client.lastAuthorised(auth, 1, 6));
    expect(malformed.kind).toBe("malformed");
    expect(malformed.message).toMatch(/no es SOAP válido/);
    f.behaviour = "down";
    expect((await failureOf(client.dummy())).kind).toBe("unreachable");
    f.behaviour = "hang_after_authorise";
    expect((await failureOf(client.requestCae(auth, 1, 6, facturaB(1)))).kind).toBe("timeout");
    f.behaviour = "ok";
    expect(await client.lastAuthorised(auth, 1, 6)).toBe(1);
  });

  it("grants a CAEA within the fortnight's window once, and takes its reports", async () => {
    const f = await start([9]);
    const client = new WsfeClient(f.wsfeUrl);
    const auth = await authOn(f);
    // 2026-12-07 is within 5 days before December's second fortnight? No: the 11th is. First fortnight: yes.
    const grant = await client.requestCaea(auth, 202612, 1);
    expect(grant).toMatchObject({
      periodo: 202612,
      orden: 1,
      validFrom: "20261201",
      validTo: "20261215",
      reportBy: "20261223",
    });
    expect((await failureOf(client.requestCaea(auth, 202612, 1))).code).toBe("15008");
    expect((await client.consultCaea(auth, 202612, 1)).caea).toBe(grant.caea);
    expect((await failureOf(client.requestCaea(auth, 202612, 2))).code).toBe("15006");
    await client.reportCaeaVoucher(auth, 9, 6, facturaB(1), grant.caea, "20261207090000");
    expect(f.caeaReports).toEqual([{ cuit: CUIT, ptoVta: 9, tipo: 6, nro: 1, caea: grant.caea }]);
    expect((await client.consult(auth, 9, 6, 1))?.kind).toBe("CAEA");
    await client.reportCaeaWithoutMovement(auth, 10, grant.caea);
    expect(f.withoutMovement).toEqual([{ cuit: CUIT, ptoVta: 10, caea: grant.caea }]);
  });
});
