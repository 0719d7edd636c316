import type { Terminal } from "@mostrador/contracts/http/settings";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../core/test-context.js";
import { updateSettings } from "../shop/settings.js";
import { createTerminal } from "../shop/terminals.js";
import { login } from "./login.js";
import { resolveSession } from "./sessions.js";
import { createStaff, getStaff, type Staff, updateStaff } from "./staff.js";

const actions = (core: TestCore) =>
  (core.db.prepare("SELECT action FROM audit_log ORDER BY rowid").all() as { action: string }[]).map(
    (r) => r.action,
  );

describe("PIN login and lockout", () => {
  let core: TestCore;
  let terminal: Terminal;
  let ana: Staff;
  beforeEach(() => {
    core = openTestCore();
    updateSettings(core.db, { pinMaxAttempts: 3, pinLockoutMinutes: 5 });
    terminal = createTerminal(core, { code: 1, name: "Caja 1" });
    ana = createStaff(core, { name: "Ana", role: "cashier", pin: "1234" });
  });
  afterEach(() => core.close());

  const attempt = (pin: string) => () => login(core, { staffId: ana.id, pin, terminalId: terminal.id });

  it("logs in with the right PIN and hands out a working token with the role's permissions", () => {
    const result = login(core, { staffId: ana.id, pin: "1234", terminalId: terminal.id });
    expect(result.staff).toEqual({ id: ana.id, name: "Ana", role: "cashier", permissions: ["cash.move"] });
    expect(result.terminal).toEqual(terminal);
    expect(resolveSession(core, result.token)).toEqual({
      staffId: ana.id,
      name: "Ana",
      role: "cashier",
      terminalId: terminal.id,
    });
    expect(actions(core)).toContain("auth.login");
  });

  it("refuses a wrong PIN saying how many attempts are left, and audits it", () => {
    expect(attempt("9999")).toThrow(
      expect.objectContaining({ kind: "unauthorized", code: "wrong_pin", details: { attemptsLeft: 2 } }),
    );
    expect(attempt("9999")).toThrow(expect.objectContaining({ details: { attemptsLeft: 1 } }));
    expect(actions(core).filter((a) => a === "auth.login_failed")).toHaveLength(2);
    expect(core.db.prepare("SELECT COUNT(*) AS n FROM staff_sessions").get()).toEqual({ n: 0 });
  });

  it("locks after the configured wrong PINs, refuses even the right PIN while locked, and lets in after expiry", () => {
    expect(attempt("0000")).toThrow(expect.objectContaining({ code: "wrong_pin" }));
    expect(attempt("0000")).toThrow(expect.objectContaining({ code: "wrong_pin" }));
    const lockedUntil = "2026-11-21T13:05:00.000Z";
    expect(attempt("0000")).toThrow(
      expect.objectContaining({
        kind: "locked",
        code: "staff_locked",
        details: { lockedUntil, attemptsLeft: 0 },
      }),
    );
    expect(actions(core)).toContain("auth.locked");

    core.clock.advance(4 * 60_000);
    expect(attempt("1234")).toThrow(expect.objectContaining({ kind: "locked", details: { lockedUntil } }));
    expect(getStaff(core, ana.id).lockedUntil).toBe(lockedUntil);

    core.clock.advance(60_000);
    expect(getStaff(core, ana.id).lockedUntil).toBeNull();
    expect(attempt("1234")().staff.name).toBe("Ana");
    // A fresh set of attempts after the lock.
    expect(attempt("0000")).toThrow(expect.objectContaining({ details: { attemptsLeft: 2 } }));
  });

  it("resets the failure count after a correct PIN", () => {
    expect(attempt("0000")).toThrow();
    expect(attempt("0000")).toThrow();
    attempt("1234")();
    expect(attempt("0000")).toThrow(expect.objectContaining({ details: { attemptsLeft: 2 } }));
  });

  it("refuses an inactive staff member, an unknown one, an unknown till and a malformed PIN", () => {
    updateStaff(core, ana.id, { active: false });
    expect(attempt("1234")).toThrow(expect.objectContaining({ code: "staff_inactive" }));
    expect(() => login(core, { staffId: "nobody", pin: "1234", terminalId: terminal.id })).toThrow(
      expect.objectContaining({ code: "staff_not_found" }),
    );
    expect(() => login(core, { staffId: ana.id, pin: "1234", terminalId: "nowhere" })).toThrow(
      expect.objectContaining({ code: "terminal_not_found" }),
    );
    expect(attempt("12")).toThrow(expect.objectContaining({ code: "invalid_pin" }));
    expect(core.db.prepare("SELECT COUNT(*) AS n FROM staff_sessions").get()).toEqual({ n: 0 });
  });

  it("lifts a lockout when the owner sets a new PIN", () => {
    for (let i = 0; i < 3; i++) expect(attempt("0000")).toThrow();
    expect(getStaff(core, ana.id).lockedUntil).not.toBeNull();
    updateStaff(core, ana.id, { pin: "5678" });
    expect(getStaff(core, ana.id).lockedUntil).toBeNull();
    expect(attempt("1234")).toThrow(expect.objectContaining({ code: "wrong_pin" }));
    expect(attempt("5678")().staff.id).toBe(ana.id);
  });
});
