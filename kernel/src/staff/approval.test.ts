import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../core/test-context.js";
import { updateSettings } from "../shop/settings.js";
import { verifyApproval } from "./approval.js";
import { createStaff, getStaff, type Staff } from "./staff.js";

const actions = (core: TestCore) =>
  (core.db.prepare("SELECT action FROM audit_log ORDER BY rowid").all() as { action: string }[]).map(
    (r) => r.action,
  );

describe("manager approval", () => {
  let core: TestCore;
  let manager: Staff;
  let cashier: Staff;
  beforeEach(() => {
    core = openTestCore();
    updateSettings(core.db, { pinMaxAttempts: 2, pinLockoutMinutes: 10 });
    manager = createStaff(core, { name: "Martín", role: "manager", pin: "2222" });
    cashier = createStaff(core, { name: "Lucía", role: "cashier", pin: "1111" });
  });
  afterEach(() => core.close());

  it("returns the approver when their role holds the permission, and audits the approval", () => {
    const approver = verifyApproval(core, { staffId: manager.id, pin: "2222" }, "sale.void", {
      terminalId: null,
    });
    expect(approver).toEqual({ staffId: manager.id, name: "Martín", role: "manager", terminalId: null });
    expect(actions(core)).toContain("auth.approval_granted");
  });

  it("refuses an approver whose role lacks the permission, even with the right PIN", () => {
    expect(() => verifyApproval(core, { staffId: cashier.id, pin: "1111" }, "sale.void")).toThrow(
      expect.objectContaining({ kind: "forbidden", code: "approver_lacks_permission" }),
    );
    expect(() => verifyApproval(core, { staffId: manager.id, pin: "2222" }, "staff.manage")).toThrow(
      expect.objectContaining({ code: "approver_lacks_permission" }),
    );
    expect(actions(core).filter((a) => a === "auth.approval_denied")).toHaveLength(2);
  });

  it("counts a wrong approval PIN towards the same lockout as login", () => {
    expect(() => verifyApproval(core, { staffId: manager.id, pin: "0000" }, "sale.void")).toThrow(
      expect.objectContaining({ kind: "unauthorized", code: "wrong_pin", details: { attemptsLeft: 1 } }),
    );
    expect(() => verifyApproval(core, { staffId: manager.id, pin: "0000" }, "sale.void")).toThrow(
      expect.objectContaining({ kind: "locked", code: "staff_locked" }),
    );
    expect(() => verifyApproval(core, { staffId: manager.id, pin: "2222" }, "sale.void")).toThrow(
      expect.objectContaining({ code: "staff_locked" }),
    );
    expect(getStaff(core, manager.id).lockedUntil).toBe("2026-11-21T13:10:00.000Z");
    expect(actions(core)).toEqual(expect.arrayContaining(["auth.approval_failed", "auth.locked"]));
  });

  it("refuses a malformed approval without counting it", () => {
    expect(() => verifyApproval(core, { staffId: "", pin: "2222" }, "sale.void")).toThrow(
      expect.objectContaining({ code: "invalid_approval" }),
    );
    expect(() => verifyApproval(core, { staffId: manager.id, pin: "22" }, "sale.void")).toThrow(
      expect.objectContaining({ code: "invalid_pin" }),
    );
    expect(() => verifyApproval(core, { staffId: "ghost", pin: "2222" }, "sale.void")).toThrow(
      expect.objectContaining({ kind: "not_found" }),
    );
    expect(core.db.prepare("SELECT failed_attempts FROM staff WHERE id = ?").get(manager.id)).toEqual({
      failed_attempts: 0,
    });
  });
});
