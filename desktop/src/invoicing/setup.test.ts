import { readFileSync, statSync, writeFileSync } from "node:fs";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { createStaff } from "@mostrador/kernel/staff/staff";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { newTestCa } from "./fake-arca/test-ca.js";
import { certificateRequest, newRsaKey } from "./arca/keys.js";
import { secretFileOf } from "./key-vault.js";
import { generateKeyAndCsr, getInvoicingSetup, installCertificate, updateInvoicingSetup } from "./setup.js";
import { SHOP_CUIT } from "./test-invoicing.js";

const DAY = 86_400_000;

describe("invoicing setup (Ajustes → Facturación)", () => {
  let core: TestCore;
  let owner: Principal;
  beforeEach(() => {
    core = openTestCore();
    const terminal = createTerminal(core, { code: 1, name: "Caja 1" });
    const staff = createStaff(core, { name: "Dueña", role: "owner", pin: "2222" });
    owner = { staffId: staff.id, name: staff.name, role: "owner", terminalId: terminal.id };
  });
  afterEach(() => core.close());

  const audits = () =>
    (
      core.db
        .prepare("SELECT action FROM audit_log WHERE action LIKE 'invoicing.%' ORDER BY rowid")
        .all() as {
        action: string;
      }[]
    ).map((a) => a.action);

  it("says what is missing, in Spanish, until the shop can invoice", () => {
    expect(getInvoicingSetup(core).missing).toEqual([
      "El CUIT del negocio (Ajustes → Negocio)",
      "La fecha de inicio de actividades",
      "Generar la clave y el pedido de certificado (CSR)",
      "El punto de venta para CAE (Web Services)",
    ]);
  });

  it("refuses an invalid CUIT and the same punto de venta for CAE and CAEA, changing nothing", () => {
    expect(refusal(() => updateInvoicingSetup(core, owner, { cuit: "20-12345678-0" })).code).toBe(
      "invalid_tax_id",
    );
    expect(
      refusal(() =>
        updateInvoicingSetup(core, owner, { cuit: SHOP_CUIT, caePointOfSale: 4, caeaPointOfSale: 4 }),
      ).code,
    ).toBe("same_point_of_sale");
    expect(getInvoicingSetup(core)).toMatchObject({ cuit: "", caePointOfSale: null, caeaPointOfSale: null });
    expect(audits()).toEqual([]);
  });

  it("refuses to turn invoicing on before it is ready", () => {
    const err = refusal(() => updateInvoicingSetup(core, owner, { mode: "every_sale" }));
    expect(err).toMatchObject({
      code: "invoicing_not_ready",
      message: expect.stringMatching(/^Para facturar falta: El CUIT/),
    });
    expect(getInvoicingSetup(core).mode).toBe("off");
  });

  it("makes the key and CSR on the appliance, stores the key encrypted under the install's secret file", () => {
    expect(refusal(() => generateKeyAndCsr(core, owner, "mostrador")).code).toBe("invoicing_needs_cuit");
    updateInvoicingSetup(core, owner, { cuit: SHOP_CUIT, legalName: "Almacén La Esquina SRL" });
    const setup = generateKeyAndCsr(core, owner, "mostrador");
    expect(setup.csrPem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    const sealed = (core.db.prepare("SELECT key_encrypted AS k FROM invoicing_setup").get() as { k: string })
      .k;
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toMatch(/PRIVATE KEY/);
    const everything = readFileSync(core.db.name).toString("latin1");
    expect(everything).not.toMatch(/BEGIN RSA PRIVATE KEY/);
    expect(statSync(secretFileOf(core.db)).mode & 0o777).toBe(0o600);
    expect(audits()).toEqual(["invoicing.setup_updated", "invoicing.key_generated"]);
  });

  it("installs the certificate ARCA issued for our CSR and shows its validity; refuses expired, foreign and garbage ones", () => {
    updateInvoicingSetup(core, owner, { cuit: SHOP_CUIT, legalName: "Almacén La Esquina SRL" });
    const { csrPem } = generateKeyAndCsr(core, owner, "mostrador");
    const now = core.clock.now().getTime();
    const ca = newTestCa(core.clock.now());
    const expired = ca.issue(csrPem!, new Date(now - 800 * DAY), new Date(now - DAY));
    const err = refusal(() => installCertificate(core, owner, expired));
    expect(err).toMatchObject({
      code: "certificate_expired",
      message: expect.stringMatching(/^El certificado venció el /),
    });
    const otherKey = ca.issue(
      certificateRequest(newRsaKey(), { cuit: SHOP_CUIT, organization: "x", commonName: "x" }),
      new Date(now - DAY),
      new Date(now + DAY),
    );
    expect(refusal(() => installCertificate(core, owner, otherKey)).code).toBe("certificate_other_key");
    expect(refusal(() => installCertificate(core, owner, "hola")).code).toBe("certificate_unreadable");
    expect(getInvoicingSetup(core).certificate).toBeNull();
    const good = ca.issue(csrPem!, new Date(now - DAY), new Date(now + 730 * DAY));
    const setup = installCertificate(core, owner, good);
    expect(setup.certificate).toMatchObject({
      expired: false,
      validTo: new Date(now + 730 * DAY).toISOString().replace(/\.\d{3}Z$/, ".000Z"),
    });
    expect(setup.certificate?.subject).toMatch(/CUIT 20123456786/);
    core.clock.advance(731 * DAY);
    expect(getInvoicingSetup(core).missing).toContain("El certificado de ARCA venció: generá uno nuevo");
  });

  it("cannot open the key with another install's secret (a database copied to another PC)", () => {
    updateInvoicingSetup(core, owner, { cuit: SHOP_CUIT, legalName: "x" });
    const { csrPem } = generateKeyAndCsr(core, owner, "mostrador");
    const now = core.clock.now().getTime();
    installCertificate(
      core,
      owner,
      newTestCa(core.clock.now()).issue(csrPem!, new Date(now - DAY), new Date(now + DAY)),
    );
    writeFileSync(secretFileOf(core.db), Buffer.alloc(32, 7));
    expect(getInvoicingSetup(core)).toMatchObject({
      certificate: null,
      missing: expect.arrayContaining([expect.stringMatching(/^La clave privada de ARCA no se puede abrir/)]),
    });
  });
});
