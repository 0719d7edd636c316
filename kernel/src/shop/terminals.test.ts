import { refusal } from "@mostrador/contracts/test-refusal";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../core/test-context.js";
import { login } from "../staff/login.js";
import { createStaff } from "../staff/staff.js";
import { resolveSession } from "../staff/sessions.js";
import {
  createTerminal,
  getTerminal,
  listManagedTerminals,
  listTerminals,
  renameTerminal,
  retireTerminal,
} from "./terminals.js";

/** The person behind a session token, as the routes see them. */
function principalOf(ctx: TestCore, token: string) {
  const principal = resolveSession(ctx, token);
  if (!principal) throw new Error("sesión inválida");
  return principal;
}

describe("terminals (tills)", () => {
  let t: TestCore;
  beforeEach(() => {
    t = openTestCore();
  });
  afterEach(() => t.close());

  it("registers tills with their punto de venta number and lists them in order", () => {
    createTerminal(t, { code: 2, name: "Caja 2" });
    const first = createTerminal(t, { code: 1, name: "  " });
    expect(listTerminals(t).map((x) => x.code)).toEqual([1, 2]);
    expect(getTerminal(t, first.id).name).toBe("Caja 1");
  });

  it("refuses a number another till already has, so sale numbers can never collide", () => {
    createTerminal(t, { code: 1, name: "Caja 1" });
    expect(() => createTerminal(t, { code: 1, name: "Otra" })).toThrow(/Ya existe la caja número 1/);
    expect(listTerminals(t)).toHaveLength(1);
  });

  it("refuses numbers outside 1–9999", () => {
    for (const code of [0, 10_000, 1.5, -1]) expect(() => createTerminal(t, { code, name: "x" })).toThrow();
    expect(listTerminals(t)).toEqual([]);
  });

  it("says clearly when a till does not exist", () => {
    expect(() => getTerminal(t, "nope")).toThrow("La caja no existe");
  });

  it("renames a till, keeping its number, and audits who did it", () => {
    const till = createTerminal(t, { code: 3, name: "Caja 3" });
    const renamed = renameTerminal(t, till.id, "  Mostrador   fiambres ");
    expect(renamed).toMatchObject({ code: 3, name: "Mostrador fiambres", retiredAt: null });
    expect(renameTerminal(t, till.id, "").name).toBe("Caja 3");
    expect(refusal(() => renameTerminal(t, till.id, "x".repeat(41))).code).toBe("invalid_terminal_name");
    expect(refusal(() => renameTerminal(t, "nope", "Otra")).code).toBe("terminal_not_found");
    const audited = t.db.prepare("SELECT action FROM audit_log WHERE entity_id = ?").all(till.id);
    expect(audited).toEqual([{ action: "terminal.renamed" }, { action: "terminal.renamed" }]);
  });

  it("retires a till: gone from the login list, its sessions ended, nobody logs in there, its number still taken", () => {
    const one = createTerminal(t, { code: 1, name: "Caja 1" });
    const two = createTerminal(t, { code: 2, name: "Caja 2" });
    const owner = createStaff(t, { name: "Ana", role: "owner", pin: "2468" });
    const session = login(t, { staffId: owner.id, pin: "2468", terminalId: two.id });
    const actor = principalOf(t, login(t, { staffId: owner.id, pin: "2468", terminalId: one.id }).token);

    const retired = retireTerminal(t, two.id, actor);
    expect(retired.retiredAt).toBe(t.clock.now().toISOString());
    expect(listTerminals(t).map((x) => x.code)).toEqual([1]);
    expect(listManagedTerminals(t).map((x) => [x.code, x.retiredAt !== null])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(getTerminal(t, two.id).name).toBe("Caja 2");
    const revoked = t.db.prepare("SELECT revoked_at FROM staff_sessions WHERE terminal_id = ?").all(two.id);
    expect(revoked.every((r) => (r as { revoked_at: string | null }).revoked_at !== null)).toBe(true);
    expect(session.token).toBeTruthy();
    const refused = refusal(() => login(t, { staffId: owner.id, pin: "2468", terminalId: two.id }));
    expect([refused.code, refused.message]).toEqual([
      "terminal_retired",
      "La Caja 2 fue dada de baja; elija otra caja",
    ]);
    expect(refusal(() => createTerminal(t, { code: 2, name: "Nueva" })).code).toBe("terminal_code_taken");
    const audited = t.db.prepare("SELECT staff_id FROM audit_log WHERE action = 'terminal.retired'").all();
    expect(audited).toEqual([{ staff_id: owner.id }]);
  });

  it("refuses to retire the till the person is logged in at, and the last till in service", () => {
    const one = createTerminal(t, { code: 1, name: "Caja 1" });
    const two = createTerminal(t, { code: 2, name: "Caja 2" });
    const owner = createStaff(t, { name: "Ana", role: "owner", pin: "2468" });
    const atOne = principalOf(t, login(t, { staffId: owner.id, pin: "2468", terminalId: one.id }).token);
    expect(refusal(() => retireTerminal(t, one.id, atOne)).code).toBe("terminal_in_use");
    retireTerminal(t, two.id, atOne);
    expect(refusal(() => retireTerminal(t, one.id)).code).toBe("last_terminal");
    expect(listTerminals(t).map((x) => x.code)).toEqual([1]);
  });
});
