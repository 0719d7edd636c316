import {
  AuditList,
  AuthOptionsSchema,
  LoginAnswerSchema,
  LogoutAnswer,
  MeAnswerSchema,
  StaffList,
  StaffMemberSchema,
} from "@mostrador/contracts/http/staff";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listAudit } from "@mostrador/kernel/staff/audit";
import { createStaff, getStaff, listStaff } from "@mostrador/kernel/staff/staff";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { bearer, openTestApi, type TestApi } from "../test-api.js";

/** Login, the session, staff management and the audit log hold to contracts/src/http/staff.ts. */
describe("staff API answers the HTTP contract", () => {
  let t: TestApi;
  beforeEach(async () => {
    t = await openTestApi();
  });
  afterEach(async () => t.close());

  it("the login screen's options, a PIN login, who is logged in, and the logout", async () => {
    const owner = createStaff(t.core, { name: "Olga", role: "owner", pin: "2222" });
    expectAnswer(AuthOptionsSchema, await t.app.inject({ method: "GET", url: "/api/auth/options" }));
    const login = await t.loginWithPin(owner.id, "2222");
    expectAnswer(LoginAnswerSchema, login);
    expect(login.json().staff.permissions).toContain("staff.manage");
    const headers = bearer(login.json().token);
    const me = await t.app.inject({ method: "GET", url: "/api/auth/me", headers });
    expectAnswer(MeAnswerSchema, me, { staff: login.json().staff, terminal: t.terminal });
    expectAnswer(LogoutAnswer, await t.app.inject({ method: "POST", url: "/api/auth/logout", headers }));
  });

  it("staff listed, added and changed, and the audit log of it", async () => {
    const headers = bearer(t.tokenFor("owner", "Olga"));
    const added = await t.app.inject({
      method: "POST",
      url: "/api/staff",
      headers,
      payload: { name: "Ana", role: "cashier", pin: "1234" },
    });
    expect(added.statusCode).toBe(201);
    const id = added.json().id as string;
    expectAnswer(StaffMemberSchema, added, getStaff(t.core, id));
    // Wrong PINs lock her out: lockedUntil is a time, not null.
    for (let i = 0; i < 5; i++) await t.loginWithPin(id, "9999");
    const changed = await t.app.inject({
      method: "PATCH",
      url: `/api/staff/${id}`,
      headers,
      payload: { role: "manager" },
    });
    expectAnswer(StaffMemberSchema, changed, getStaff(t.core, id));
    const list = await t.app.inject({ method: "GET", url: "/api/staff", headers });
    expectAnswer(StaffList, list, listStaff(t.core));
    expect(list.json().some((s: { lockedUntil: string | null }) => s.lockedUntil !== null)).toBe(true);
    const audit = await t.app.inject({ method: "GET", url: "/api/audit?limit=50", headers });
    expectAnswer(AuditList, audit, listAudit(t.core.db, { limit: 50 }));
    expect(audit.json().length).toBeGreaterThan(2);
  });
});
