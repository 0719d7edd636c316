import { describe, expect, it } from "vitest";
import {
  initialSetupForm,
  type SetupForm,
  setupBody,
  stepOfServerField,
  stepProblems,
} from "./setup-form.js";

const filled = (): SetupForm => ({
  ...initialSetupForm("America/Argentina/Buenos_Aires"),
  name: "Panadería Sol",
  taxId: "20-12345678-6",
  ownerName: "Rosa",
  pin: "4826",
  pinAgain: "4826",
});

describe("first-run wizard form", () => {
  it("lets a fully answered form through every step and builds the setup body", () => {
    const form = filled();
    for (const step of ["shop", "owner", "terminals", "printer"] as const)
      expect(stepProblems(step, form)).toEqual({});
    expect(
      setupBody({ ...form, printer: "network", printerHost: " 10.0.0.5 ", printerPort: "9100" }, "es-AR"),
    ).toMatchObject({
      owner: { name: "Rosa", pin: "4826", pinConfirm: "4826" },
      terminals: [{ code: 1, name: "Caja 1" }],
      printer: { host: "10.0.0.5", port: 9100 },
    });
    expect(setupBody(form, "en").printer).toBeNull();
  });

  it("stops at the shop step on an empty name or a CUIT that is missing, short or has a wrong check digit", () => {
    expect(stepProblems("shop", { ...filled(), name: "  " })).toEqual({ name: "name_required" });
    expect(stepProblems("shop", { ...filled(), taxId: "" })).toEqual({ taxId: "cuit_required" });
    expect(stepProblems("shop", { ...filled(), taxId: "20-1234" })).toEqual({ taxId: "cuit_format" });
    expect(stepProblems("shop", { ...filled(), taxId: "20-12345678-5" })).toEqual({
      taxId: "cuit_check_digit",
    });
  });

  it("stops at the owner step on a short PIN or two PINs that differ", () => {
    expect(stepProblems("owner", { ...filled(), pin: "12", pinAgain: "12" })).toEqual({ pin: "pin_format" });
    expect(stepProblems("owner", { ...filled(), pinAgain: "4827" })).toEqual({ pinAgain: "pin_mismatch" });
    expect(stepProblems("owner", { ...filled(), ownerName: "" })).toEqual({ ownerName: "owner_required" });
  });

  it("refuses till numbers out of range or repeated, and a printer without address or with a bad port", () => {
    const tills = {
      ...filled(),
      terminals: [
        { code: "1", name: "" },
        { code: "1", name: "" },
        { code: "0", name: "" },
      ],
    };
    expect(stepProblems("terminals", tills)).toEqual({
      "terminals.1.code": "terminal_duplicate",
      "terminals.2.code": "terminal_code",
    });
    expect(
      stepProblems("printer", { ...filled(), printer: "network", printerHost: "", printerPort: "99999" }),
    ).toEqual({
      printerHost: "printer_host",
      printerPort: "printer_port",
    });
  });

  it("sends a server-side field problem back to its step", () => {
    expect(stepOfServerField("owner.pinConfirm")).toBe("owner");
    expect(stepOfServerField("terminals.0.code")).toBe("terminals");
    expect(stepOfServerField("shop.taxId")).toBe("shop");
  });
});
