import type { InvoicingSetupPatch } from "@mostrador/contracts/http/invoicing";
import type { Ctx } from "@mostrador/kernel/core/context";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { type FakeArca, startFakeArca } from "./fake-arca/server.js";
import { newTestCa, type TestCa } from "./fake-arca/test-ca.js";
import { generateKeyAndCsr, installCertificate, updateInvoicingSetup } from "./setup.js";

/** A CUIT with a valid check digit, for the test shop. */
export const SHOP_CUIT = "20123456786";
/** Another valid CUIT, for a customer who is responsable inscripto. */
export const CUSTOMER_CUIT = "30712345671";
export const CAE_POS = 3;
export const CAEA_POS = 9;
const DAY = 86_400_000;

export interface InvoicingRig {
  fake: FakeArca;
  ca: TestCa;
  /** ARCA's clock minus the appliance's, settable per test. */
  skewMs: number;
}

/**
 * A fake ARCA (WSAA + WSFEv1 over HTTP) on the test clock, and a shop set up to invoice against it as a
 * real one would be from Ajustes: CUIT and IVA condition, key and CSR made here, the certificate the
 * test CA issued for that CSR, puntos de venta for CAE and CAEA, the mode.
 */
export async function setUpInvoicing(
  ctx: Ctx,
  owner: Principal,
  patch: InvoicingSetupPatch = {},
): Promise<InvoicingRig> {
  const rig = { skewMs: 0 } as InvoicingRig;
  rig.ca = newTestCa(ctx.clock.now());
  rig.fake = await startFakeArca({
    caPem: rig.ca.certificatePem,
    now: () => new Date(ctx.clock.now().getTime() + rig.skewMs),
    caeaPuntosDeVenta: [CAEA_POS],
  });
  updateInvoicingSetup(ctx, owner, {
    cuit: SHOP_CUIT,
    ivaCondition: "responsable_inscripto",
    legalName: "Almacén La Esquina SRL",
    activityStart: "2020-03-01",
    wsaaUrl: rig.fake.wsaaUrl,
    wsfeUrl: rig.fake.wsfeUrl,
  });
  const { csrPem } = generateKeyAndCsr(ctx, owner, "mostrador");
  const now = ctx.clock.now().getTime();
  installCertificate(ctx, owner, rig.ca.issue(csrPem!, new Date(now - DAY), new Date(now + 700 * DAY)));
  updateInvoicingSetup(ctx, owner, {
    caePointOfSale: CAE_POS,
    caeaPointOfSale: CAEA_POS,
    mode: "every_sale",
    ...patch,
  });
  return rig;
}
