import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../core/test-context.js";
import { listAudit } from "./audit.js";
import { verifyPin } from "./pins.js";
import type { Principal } from "./sessions.js";
import { createStaff, listStaff, updateStaff } from "./staff.js";

const count = (core: TestCore, table: string) =>
  (core.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe("staff management", () => {
  let core: TestCore;
  let owner: Principal;
  beforeEach(() => {
    core = openTestCore();
    const o = createStaff(core, { name: "Martín", role: "owner", pin: "2222" });
    owner = { staffId: o.id, name: o.name, role: o.role, terminalId: null };
  });
  afterEach(() => core.close());

  it("creates a staff member with a hashed PIN, audited and sent to the cloud without the hash", () => {
    const s = createStaff(core, { name: "  Lucía   Pérez ", role: "cashier", pin: "1111" }, owner);
    expect(s).toEqual({ id: s.id, name: "Lucía Pérez", role: "cashier", active: true, lockedUntil: null });
    const row = core.db.prepare("SELECT pin_hash FROM staff WHERE id = ?").get(s.id) as { pin_hash: string };
    expect(verifyPin("1111", row.pin_hash)).toBe(true);
    const outbox = core.db.prepare("SELECT payload FROM outbox WHERE entity_id = ?").get(s.id) as {
      payload: string;
    };
    expect(JSON.parse(outbox.payload)).toEqual({
      id: s.id,
      name: "Lucía Pérez",
      role: "cashier",
      active: true,
    });
    expect(listAudit(core.db)[0]).toMatchObject({
      staffName: "Martín",
      action: "staff.created",
      entityId: s.id,
    });
  });

  it("refuses a bad name, role or PIN and a name an active colleague already has, changing nothing", () => {
    const before = count(core, "staff");
    const bad = [
      { name: "", role: "cashier", pin: "1234" },
      { name: "x".repeat(61), role: "cashier", pin: "1234" },
      { name: "Ana", role: "boss", pin: "1234" },
      { name: "Ana", role: "cashier", pin: "12" },
      { name: "Ana", role: "cashier", pin: "12345abc" },
    ];
    for (const input of bad)
      expect(() => createStaff(core, input as never, owner)).toThrow(
        expect.objectContaining({ kind: "invalid" }),
      );
    expect(() => createStaff(core, { name: "martín", role: "cashier", pin: "1234" })).toThrow(
      expect.objectContaining({ code: "staff_name_taken" }),
    );
    expect(count(core, "staff")).toBe(before);
    expect(count(core, "outbox")).toBe(1);
  });

  it("changes name, role and active flag, listing everyone with their state", () => {
    const s = createStaff(core, { name: "Ana", role: "cashier", pin: "1234" });
    expect(updateStaff(core, s.id, { name: "Ana María", role: "manager" }, owner)).toMatchObject({
      name: "Ana María",
      role: "manager",
    });
    updateStaff(core, s.id, { active: false }, owner);
    expect(listStaff(core).map((x) => [x.name, x.active])).toEqual([
      ["Ana María", false],
      ["Martín", true],
    ]);
    expect(listStaff(core, { activeOnly: true }).map((x) => x.name)).toEqual(["Martín"]);
    expect(listAudit(core.db, { limit: 1 })[0]).toMatchObject({
      action: "staff.updated",
      details: { active: false },
    });
  });

  it("refuses to demote or deactivate the last active owner", () => {
    expect(() => updateStaff(core, owner.staffId, { role: "manager" })).toThrow(
      expect.objectContaining({ code: "last_owner" }),
    );
    expect(() => updateStaff(core, owner.staffId, { active: false })).toThrow(
      expect.objectContaining({ code: "last_owner" }),
    );
    createStaff(core, { name: "Socia", role: "owner", pin: "3333" });
    expect(updateStaff(core, owner.staffId, { role: "manager" }).role).toBe("manager");
  });

  it("refuses to update someone who does not exist", () => {
    expect(() => updateStaff(core, "nobody", { name: "X" })).toThrow(
      expect.objectContaining({ kind: "not_found" }),
    );
  });

  it("lists the audit log newest first within a time window", () => {
    core.clock.advance(60_000);
    createStaff(core, { name: "Ana", role: "cashier", pin: "1234" }, owner);
    const all = listAudit(core.db);
    expect(all.map((a) => a.action)).toEqual(["staff.created", "staff.created"]);
    expect(listAudit(core.db, { from: "2026-11-21T13:00:30.000Z" })).toHaveLength(1);
    expect(listAudit(core.db, { to: "2026-11-21T13:00:30.000Z" })).toHaveLength(1);
  });
});
