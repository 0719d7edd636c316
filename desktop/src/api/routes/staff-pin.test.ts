import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { createStaff, type Staff } from "@mostrador/kernel/staff/staff";
import { bearer, openTestApi, type TestApi } from "../test-api.js";

/** PIN reset by a manager or an owner, and turning people off and on again (Personal). */
describe("staff PIN reset and deactivation API", () => {
  let t: TestApi;
  let ana: Staff;
  let sofia: Staff;
  let owner: Staff;
  beforeEach(async () => {
    t = await openTestApi();
    updateSettings(t.core.db, { pinMaxAttempts: 3, pinLockoutMinutes: 5 });
    ana = createStaff(t.core, { name: "Ana", role: "cashier", pin: "1234" });
    sofia = createStaff(t.core, { name: "Sofía", role: "manager", pin: "5678" });
    owner = createStaff(t.core, { name: "Martín", role: "owner", pin: "2222" });
  });
  afterEach(async () => t.close());

  const tokenOf = async (who: Staff, pin: string) =>
    (await t.loginWithPin(who.id, pin)).json().token as string;
  const resetPin = (token: string, id: string, pin: unknown) =>
    t.app.inject({ method: "POST", url: `/api/staff/${id}/pin`, headers: bearer(token), payload: { pin } });
  const pinHashes = () => t.core.db.prepare("SELECT pin_hash FROM staff ORDER BY id").pluck().all();

  it("lets a manager reset a locked-out cashier's PIN: the lockout ends, the new PIN works, the audit says who", async () => {
    for (let i = 0; i < 3; i++) await t.loginWithPin(ana.id, "0000");
    expect((await t.loginWithPin(ana.id, "1234")).statusCode).toBe(423);
    const manager = await tokenOf(sofia, "5678");
    expect(
      (await t.app.inject({ method: "GET", url: "/api/staff", headers: bearer(manager) })).statusCode,
    ).toBe(200);
    const res = await resetPin(manager, ana.id, "8642");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: "Ana", lockedUntil: null });
    expect((await t.loginWithPin(ana.id, "1234")).statusCode).toBe(401);
    expect((await t.loginWithPin(ana.id, "8642")).statusCode).toBe(200);
    const audit = t.core.db
      .prepare(
        "SELECT staff_id AS by, entity_id AS whom, details FROM audit_log WHERE action = 'staff.pin_reset'",
      )
      .all();
    expect(audit).toEqual([{ by: sofia.id, whom: ana.id, details: JSON.stringify({ name: "Ana" }) }]);
    expect(JSON.stringify(audit)).not.toContain("8642");
  });

  it("refuses a manager resetting an owner's or a manager's PIN, and a cashier resetting anyone's, changing nothing", async () => {
    const before = pinHashes();
    const manager = await tokenOf(sofia, "5678");
    for (const target of [owner, sofia]) {
      const res = await resetPin(manager, target.id, "9999");
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: "pin_reset_not_allowed" } });
    }
    const cashier = await tokenOf(ana, "1234");
    expect((await resetPin(cashier, ana.id, "9999")).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: "GET", url: "/api/staff", headers: bearer(cashier) })).statusCode,
    ).toBe(403);
    expect(pinHashes()).toEqual(before);
  });

  it("lets the owner reset anyone's PIN, and refuses a malformed PIN, an unknown person or an inactive one", async () => {
    const token = await tokenOf(owner, "2222");
    expect((await resetPin(token, sofia.id, "1111")).statusCode).toBe(200);
    expect((await t.loginWithPin(sofia.id, "1111")).statusCode).toBe(200);
    const before = pinHashes();
    for (const pin of ["12", "123456789", "12a4", 1234, ""]) {
      expect((await resetPin(token, ana.id, pin)).statusCode, String(pin)).toBe(400);
    }
    expect((await resetPin(token, "nope", "4444")).statusCode).toBe(404);
    await t.app.inject({
      method: "PATCH",
      url: `/api/staff/${ana.id}`,
      headers: bearer(token),
      payload: { active: false },
    });
    const inactive = await resetPin(token, ana.id, "4444");
    expect(inactive.statusCode).toBe(409);
    expect(inactive.json()).toMatchObject({ error: { code: "staff_inactive" } });
    expect(pinHashes()).toEqual(before);
  });

  it("deactivates someone (their session stops, they cannot log in) and reactivates them; never the last owner", async () => {
    const token = await tokenOf(owner, "2222");
    const anaToken = await tokenOf(ana, "1234");
    const off = await t.app.inject({
      method: "PATCH",
      url: `/api/staff/${ana.id}`,
      headers: bearer(token),
      payload: { active: false },
    });
    expect(off.json()).toMatchObject({ active: false });
    expect(
      (await t.app.inject({ method: "GET", url: "/api/auth/me", headers: bearer(anaToken) })).statusCode,
    ).toBe(401);
    expect((await t.loginWithPin(ana.id, "1234")).json()).toMatchObject({
      error: { code: "staff_inactive" },
    });
    const on = await t.app.inject({
      method: "PATCH",
      url: `/api/staff/${ana.id}`,
      headers: bearer(token),
      payload: { active: true },
    });
    expect(on.json()).toMatchObject({ active: true });
    expect((await t.loginWithPin(ana.id, "1234")).statusCode).toBe(200);

    const last = await t.app.inject({
      method: "PATCH",
      url: `/api/staff/${owner.id}`,
      headers: bearer(token),
      payload: { active: false },
    });
    expect(last.statusCode).toBe(409);
    expect(last.json()).toMatchObject({ error: { code: "last_owner" } });
    expect(
      (await t.app.inject({ method: "GET", url: "/api/auth/me", headers: bearer(token) })).statusCode,
    ).toBe(200);
  });
});
