import { syncPayloadErrors } from "@mostrador/contracts/sync/check-payload";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { createStaff } from "@mostrador/kernel/staff/staff";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { newTestCa, type TestCa } from "./fake-arca/test-ca.js";
import { alertCertificateExpiry, certificateExpiry } from "./certificate-expiry.js";
import { generateKeyAndCsr, getInvoicingSetup, installCertificate, updateInvoicingSetup } from "./setup.js";
import { SHOP_CUIT } from "./test-invoicing.js";

const DAY = 86_400_000;

describe("certificateExpiry: days left and the threshold reached", () => {
  const now = new Date("2026-12-07T15:00:00Z");
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
  it.each([
    [31 * DAY, 31, null],
    [30 * DAY + 1, 31, null],
    [30 * DAY, 30, 30],
    [8 * DAY, 8, 30],
    [7 * DAY, 7, 7],
    [1, 1, 7],
    [0, 0, 0],
    [-5 * DAY, 0, 0],
  ])("%i ms before expiry: %i days left, threshold %s", (ms, daysLeft, threshold) => {
    expect(certificateExpiry(at(ms), now)).toEqual({ validTo: at(ms), daysLeft, threshold });
  });
});

describe("the owner is told before the ARCA certificate expires (controlled clock)", () => {
  let core: TestCore;
  let owner: Principal;
  let ca: TestCa;
  let csrPem: string;

  beforeEach(() => {
    core = openTestCore();
    core.clock.set("2026-12-07T15:00:00Z");
    const terminal = createTerminal(core, { code: 1, name: "Caja 1" });
    const staff = createStaff(core, { name: "Dueña", role: "owner", pin: "2222" });
    owner = { staffId: staff.id, name: staff.name, role: "owner", terminalId: terminal.id };
    updateInvoicingSetup(core, owner, { cuit: SHOP_CUIT, legalName: "Almacén La Esquina SRL" });
    csrPem = generateKeyAndCsr(core, owner, "mostrador").csrPem!;
    ca = newTestCa(core.clock.now());
  });
  afterEach(() => core.close());

  /** A certificate valid from yesterday for `days` more days, installed as Facturación does. */
  const install = (days: number) => {
    const now = core.clock.now().getTime();
    return installCertificate(core, owner, ca.issue(csrPem, new Date(now - DAY), new Date(now + days * DAY)));
  };
  const notifications = () =>
    (
      core.db.prepare("SELECT op, payload FROM outbox WHERE entity = 'notification' ORDER BY seq").all() as {
        op: string;
        payload: string;
      }[]
    ).map((r) => ({ op: r.op, payload: JSON.parse(r.payload) as Record<string, unknown> }));

  it("says nothing with no certificate, nor while more than 30 days are left", () => {
    expect(alertCertificateExpiry(core)).toBeNull();
    install(90);
    expect(alertCertificateExpiry(core)).toBeNull();
    core.clock.advance(59 * DAY);
    expect(alertCertificateExpiry(core)).toBeNull();
    expect(notifications()).toEqual([]);
  });

  it("warns at 30 days, at 7 days and on expiry, each once, through the outbox", () => {
    install(90);
    core.clock.advance(60 * DAY); // 30 days left
    expect(alertCertificateExpiry(core)).toBe(30);
    // The minute's tick runs again, and again the next day: nothing more until 7 days are left.
    expect(alertCertificateExpiry(core)).toBeNull();
    core.clock.advance(DAY);
    expect(alertCertificateExpiry(core)).toBeNull();
    core.clock.advance(22 * DAY); // 7 days left
    expect(alertCertificateExpiry(core)).toBe(7);
    expect(alertCertificateExpiry(core)).toBeNull();
    core.clock.advance(7 * DAY); // expired
    expect(alertCertificateExpiry(core)).toBe(0);
    core.clock.advance(3 * DAY);
    expect(alertCertificateExpiry(core)).toBeNull();

    const sent = notifications();
    expect(sent.map((n) => n.payload.daysBefore)).toEqual([30, 7, 0]);
    expect(sent.map((n) => n.payload.message)).toEqual([
      expect.stringMatching(/^El certificado de ARCA vence en 30 días \(el \d\d\/\d\d\/2027\)/),
      expect.stringMatching(/^El certificado de ARCA vence en 7 días/),
      expect.stringMatching(
        /^El certificado de ARCA venció el \d\d\/\d\d\/2027: no se pueden autorizar facturas/,
      ),
    ]);
    // One dedupe key per certificate and threshold; each payload is what the cloud's ingest accepts.
    expect(new Set(sent.map((n) => n.payload.dedupeKey)).size).toBe(3);
    for (const n of sent) {
      expect(n).toMatchObject({ op: "created", payload: { kind: "certificate_expiry" } });
      expect(syncPayloadErrors("notification", n.op, n.payload)).toEqual([]);
    }
  });

  it("a certificate installed with 5 days left says «7» once, never «30» later", () => {
    install(5);
    expect(alertCertificateExpiry(core)).toBe(7);
    core.clock.advance(DAY);
    expect(alertCertificateExpiry(core)).toBeNull();
    expect(notifications().map((n) => n.payload.message)).toEqual([
      expect.stringMatching(/^El certificado de ARCA vence en 5 días/),
    ]);
  });

  it("a renewed certificate starts over", () => {
    install(20);
    expect(alertCertificateExpiry(core)).toBe(30);
    install(25); // another certificate for the same key, as ARCA issues on renewal
    expect(alertCertificateExpiry(core)).toBe(30);
    expect(notifications()).toHaveLength(2);
    expect(notifications()[0]!.payload.dedupeKey).not.toBe(notifications()[1]!.payload.dedupeKey);
  });

  it("Facturación shows the days left", () => {
    install(7);
    expect(getInvoicingSetup(core).certificate).toMatchObject({ daysLeft: 7, expired: false });
    core.clock.advance(8 * DAY);
    expect(getInvoicingSetup(core).certificate).toMatchObject({ daysLeft: 0, expired: true });
  });
});
