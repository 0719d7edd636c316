import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "@mostrador/contracts/audit-actions";
import { auditActionName } from "./action-names.js";

describe("audit action names", () => {
  it("names each action in Spanish and English", () => {
    expect(auditActionName("es-AR", "sale.void")).toBe("Venta anulada");
    expect(auditActionName("en", "sale.void")).toBe("Sale voided");
    for (const action of Object.keys(AUDIT_ACTIONS)) {
      expect(auditActionName("es-AR", action)).not.toBe(action);
      expect(auditActionName("en", action)).not.toBe(action);
    }
  });

  it("shows a code it does not know as the code itself", () => {
    expect(auditActionName("es-AR", "modulo.nuevo")).toBe("modulo.nuevo");
  });
});
