import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { createStaff, type Staff } from "@mostrador/kernel/staff/staff";
import { bearer, openTestApi, type TestApi } from "../test-api.js";

const TABLES = ["staff", "staff_sessions", "audit_log", "outbox"];

describe("auth and staff API", () => {
  let t: TestApi;
  let ana: Staff;
  let owner: Staff;
  beforeEach(async () => {
    t = await openTestApi();
    updateSettings(t.core.db, { pinMaxAttempts: 3, pinLockoutMinutes: 5 });
    ana = createStaff(t.core, { name: "Ana", role: "cashier", pin: "1234" });
    owner = createStaff(t.core, { name: "Martín", role: "owner", pin: "2222" });
  });
  afterEach(async () => t.close());

  const snapshot = () =>
    TABLES.map((table) => (t.core.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);
  const ownerToken = async () => (await t.loginWithPin(owner.id, "2222")).json().token as string;

  it("shows the login screen its staff and tills without a session, and no secrets", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/auth/options" });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.staff).toEqual([
      { id: ana.id, name: "Ana", role: "cashier" },
      { id: owner.id, name: "Martín", role: "owner" },
    ]);
    expect(body.terminals).toEqual([{ id: t.terminal.id, code: 1, name: "Caja 1" }]);
    expect(body.locale).toBe("es-AR");
    expect(res.body).not.toContain("scrypt");
    const terminals = await t.app.inject({ method: "GET", url: "/api/terminals" });
    expect(terminals.json()).toEqual(body.terminals);
  });

  it("logs in with a PIN, answers /me, and logs out so the token stops working", async () => {
    const res = await t.loginWithPin(ana.id, "1234");
    expect(res.statusCode).toBe(200);
    const { token, staff, terminal } = res.json();
    expect(staff).toEqual({ id: ana.id, name: "Ana", role: "cashier", permissions: ["cash.move"] });
    expect(terminal).toEqual(t.terminal);
    const me = await t.app.inject({ method: "GET", url: "/api/auth/me", headers: bearer(token) });
    expect(me.json()).toEqual({ staff, terminal });
    const out = await t.app.inject({ method: "POST", url: "/api/auth/logout", headers: bearer(token) });
    expect(out.json()).toEqual({ ok: true });
    expect(
      (await t.app.inject({ method: "GET", url: "/api/auth/me", headers: bearer(token) })).statusCode,
    ).toBe(401);
  });

  it("answers a wrong PIN with 401 and attempts left, then locks with 423 and refuses the right PIN until it expires", async () => {
    const first = await t.loginWithPin(ana.id, "9999");
    expect(first.statusCode).toBe(401);
    expect(first.json().error).toMatchObject({ code: "wrong_pin", details: { attemptsLeft: 2 } });
    expect(first.json().error.message).toMatch(/PIN incorrecto/);
    await t.loginWithPin(ana.id, "9999");
    const locked = await t.loginWithPin(ana.id, "9999");
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.details.lockedUntil).toBe("2026-11-21T13:05:00.000Z");

    t.core.clock.advance(4 * 60_000);
    const stillLocked = await t.loginWithPin(ana.id, "1234");
    expect(stillLocked.statusCode).toBe(423);
    expect(stillLocked.json().error.message).toMatch(/bloquead/);

    t.core.clock.advance(60_000);
    expect((await t.loginWithPin(ana.id, "1234")).statusCode).toBe(200);
  });

  it("refuses malformed, incomplete or oversized login requests with 400 and changes nothing", async () => {
    const before = snapshot();
    const bad: unknown[] = [
      {},
      { staffId: ana.id, pin: "1234" },
      { staffId: ana.id, pin: { digits: "1234" }, terminalId: t.terminal.id },
      { staffId: [ana.id, owner.id], pin: "1234", terminalId: t.terminal.id },
      { staffId: ana.id, pin: "12a4", terminalId: t.terminal.id },
      { staffId: ana.id, pin: "123456789", terminalId: t.terminal.id },
      { staffId: "x".repeat(65), pin: "1234", terminalId: t.terminal.id },
      { staffId: ana.id, pin: "1234", terminalId: t.terminal.id, role: "owner" },
      [1, 2],
    ];
    for (const payload of bad) {
      const res = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: payload as object });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.message).toBeTruthy();
    }
    const malformed = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: '{"staffId": ',
      headers: { "content-type": "application/json" },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe("malformed_json");
    const unknown = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { staffId: "ghost", pin: "1234", terminalId: t.terminal.id },
    });
    expect(unknown.statusCode).toBe(404);
    const noTill = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { staffId: ana.id, pin: "1234", terminalId: "ghost" },
    });
    expect(noTill.statusCode).toBe(404);
    expect(snapshot()).toEqual(before);
  });

  it("forbids a cashier from listing, creating or changing staff and reading the audit log", async () => {
    const cashier = bearer(t.tokenFor("cashier"));
    const before = snapshot();
    for (const req of [
      { method: "GET", url: "/api/staff" },
      { method: "POST", url: "/api/staff", payload: { name: "Nuevo", role: "owner", pin: "1234" } },
      { method: "PATCH", url: `/api/staff/${ana.id}`, payload: { role: "owner" } },
      { method: "GET", url: "/api/audit" },
    ] as const) {
      const res = await t.app.inject({ ...req, headers: cashier });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe("permission_denied");
    }
    expect(snapshot()).toEqual(before);
  });

  it("lets the owner create and change staff, see lockouts and read the audit log", async () => {
    const token = await ownerToken();
    const created = await t.app.inject({
      method: "POST",
      url: "/api/staff",
      headers: bearer(token),
      payload: { name: "Sofía", role: "manager", pin: "4321" },
    });
    expect(created.statusCode).toBe(201);
    const sofia = created.json();
    expect(sofia).toMatchObject({ name: "Sofía", role: "manager", active: true, lockedUntil: null });

    const patched = await t.app.inject({
      method: "PATCH",
      url: `/api/staff/${sofia.id}`,
      headers: bearer(token),
      payload: { active: false },
    });
    expect(patched.json().active).toBe(false);

    for (let i = 0; i < 3; i++) await t.loginWithPin(ana.id, "0000");
    const list = (
      await t.app.inject({ method: "GET", url: "/api/staff", headers: bearer(token) })
    ).json() as Staff[];
    expect(list.find((s) => s.id === ana.id)?.lockedUntil).toBe("2026-11-21T13:05:00.000Z");

    const audit = await t.app.inject({ method: "GET", url: "/api/audit?limit=50", headers: bearer(token) });
    const actions = (audit.json() as { action: string; staffName: string }[]).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "auth.login",
        "staff.created",
        "staff.updated",
        "auth.login_failed",
        "auth.locked",
      ]),
    );
    const window = await t.app.inject({
      method: "GET",
      url: "/api/audit?from=2026-11-21T14:00:00Z",
      headers: bearer(token),
    });
    expect(window.json()).toEqual([]);
  });

  it("refuses bad staff input and unknown ids with a clear 4xx and changes nothing", async () => {
    const headers = bearer(await ownerToken());
    const before = snapshot();
    const cases = [
      { method: "POST", url: "/api/staff", payload: { name: "", role: "cashier", pin: "1234" }, status: 400 },
      {
        method: "POST",
        url: "/api/staff",
        payload: { name: "Ana", role: "cashier", pin: "1234" },
        status: 409,
      },
      {
        method: "POST",
        url: "/api/staff",
        payload: { name: "Nuevo", role: "dios", pin: "1234" },
        status: 400,
      },
      { method: "POST", url: "/api/staff", payload: { name: "Nuevo", role: "cashier" }, status: 400 },
      {
        method: "POST",
        url: "/api/staff",
        payload: { name: "Nuevo", role: "cashier", pin: "1234", pinHash: "x" },
        status: 400,
      },
      { method: "PATCH", url: `/api/staff/${ana.id}`, payload: {}, status: 400 },
      { method: "PATCH", url: `/api/staff/${ana.id}`, payload: { active: "no" }, status: 400 },
      { method: "PATCH", url: `/api/staff/${ana.id}`, payload: { pin: "1" }, status: 400 },
      { method: "PATCH", url: "/api/staff/ghost", payload: { name: "X" }, status: 404 },
      { method: "PATCH", url: `/api/staff/${owner.id}`, payload: { role: "cashier" }, status: 409 },
      { method: "GET", url: "/api/audit?limit=0", status: 400 },
      { method: "GET", url: "/api/audit?limit=100000", status: 400 },
      { method: "GET", url: "/api/audit?from=ayer", status: 400 },
    ] as const;
    for (const c of cases) {
      const res = await t.app.inject({
        method: c.method,
        url: c.url,
        headers,
        ...("payload" in c ? { payload: c.payload } : {}),
      });
      expect(res.statusCode, `${c.method} ${c.url} ${JSON.stringify("payload" in c ? c.payload : "")}`).toBe(
        c.status,
      );
      expect(res.json().error.message.length).toBeGreaterThan(5);
    }
    expect(snapshot()).toEqual(before);
  });
});
