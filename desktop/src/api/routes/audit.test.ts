import type { AuditAction } from "@mostrador/contracts/audit-actions";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import { createStaff, type Staff } from "@mostrador/kernel/staff/staff";
import { bearer, openTestApi, type TestApi } from "../test-api.js";

describe("audit log API: filters and paging", () => {
  let t: TestApi;
  let ana: Staff;
  let owner: Staff;
  let headers: Record<string, string>;
  beforeEach(async () => {
    t = await openTestApi();
    ana = createStaff(t.core, { name: "Ana", role: "cashier", pin: "1234" });
    owner = createStaff(t.core, { name: "Martín", role: "owner", pin: "2222" });
    headers = bearer((await t.loginWithPin(owner.id, "2222")).json().token as string);
    const at = (h: number) => `2026-11-20T${String(h).padStart(2, "0")}:00:00.000Z`;
    recordAudit(t.core.db, { at: at(10), staffId: ana.id, terminalId: null, action: "sale.void" });
    recordAudit(t.core.db, {
      at: at(11),
      staffId: ana.id,
      terminalId: null,
      action: "sale.discount_approved",
    });
    recordAudit(t.core.db, { at: at(12), staffId: owner.id, terminalId: null, action: "drawer.open" });
    recordAudit(t.core.db, {
      at: at(13),
      staffId: ana.id,
      terminalId: null,
      action: "salesman.x" as AuditAction,
    });
  });
  afterEach(async () => t.close());

  const audit = async (q: string) => {
    const res = await t.app.inject({ method: "GET", url: `/api/audit?${q}`, headers });
    expect(res.statusCode, q).toBe(200);
    return (res.json() as { action: string; staffName: string; at: string }[]).map((a) => a.action);
  };

  it("filters by who, by an action or its family, and by a time window", async () => {
    const window = "from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z";
    expect(await audit(`${window}&staffId=${ana.id}`)).toEqual([
      "salesman.x",
      "sale.discount_approved",
      "sale.void",
    ]);
    // "sale" is the family sale.*: not "salesman.x", whose name merely starts with the same letters.
    expect(await audit(`${window}&action=sale`)).toEqual(["sale.discount_approved", "sale.void"]);
    expect(await audit(`${window}&action=sale.void`)).toEqual(["sale.void"]);
    expect(await audit(`from=2026-11-20T11:00:00Z&to=2026-11-20T13:00:00Z`)).toEqual([
      "drawer.open",
      "sale.discount_approved",
    ]);
  });

  it("pages with limit and offset, newest first", async () => {
    const window = "from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z";
    expect(await audit(`${window}&limit=2`)).toEqual(["salesman.x", "drawer.open"]);
    expect(await audit(`${window}&limit=2&offset=2`)).toEqual(["sale.discount_approved", "sale.void"]);
    expect(await audit(`${window}&limit=2&offset=4`)).toEqual([]);
  });

  it("lists the actions the log holds for the filter", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/audit/actions", headers });
    expect(res.json()).toEqual(expect.arrayContaining(["drawer.open", "sale.void", "salesman.x"]));
  });

  it("refuses bad filters with a 400 in Spanish, and a cashier altogether", async () => {
    for (const q of [
      "offset=-1",
      "action=DROP%20TABLE",
      "action=sale.",
      "staffId=",
      "to=mañana",
      "extra=1",
    ]) {
      const res = await t.app.inject({ method: "GET", url: `/api/audit?${q}`, headers });
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.message, q).toMatch(/[a-záéíóú]/);
    }
    const cashier = bearer((await t.loginWithPin(ana.id, "1234")).json().token as string);
    const res = await t.app.inject({ method: "GET", url: "/api/audit/actions", headers: cashier });
    expect(res.statusCode).toBe(403);
  });
});
