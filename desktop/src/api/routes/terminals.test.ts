import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSession } from "@mostrador/kernel/staff/sessions";
import { createStaff } from "@mostrador/kernel/staff/staff";
import { bearer, openTestApi, type TestApi } from "../test-api.js";

interface Till {
  id: string;
  code: number;
  name: string;
  retiredAt: string | null;
}

describe("tills API (Ajustes)", () => {
  let t: TestApi;
  let owner: { authorization: string };
  beforeEach(async () => {
    t = await openTestApi();
    owner = bearer(t.tokenFor("owner"));
  });
  afterEach(async () => t.close());

  const call = (method: "GET" | "POST" | "PATCH", url: string, headers: object, payload?: object) =>
    t.app.inject({ method, url, headers: headers as Record<string, string>, payload });
  const tills = async () => (await call("GET", "/api/settings/terminals", owner)).json() as Till[];

  it("lets the owner add, rename and retire tills, each audited, retired ones kept in the list", async () => {
    const added = await call("POST", "/api/settings/terminals", owner, { code: 2, name: "Barra" });
    expect(added.statusCode).toBe(201);
    const barra = added.json() as Till;
    expect(barra).toMatchObject({ code: 2, name: "Barra", retiredAt: null });

    const renamed = await call("PATCH", `/api/settings/terminals/${barra.id}`, owner, {
      name: "Barra vieja",
    });
    expect(renamed.json()).toMatchObject({ name: "Barra vieja" });

    const retired = await call("POST", `/api/settings/terminals/${barra.id}/retire`, owner, {});
    expect(retired.statusCode).toBe(200);
    expect((retired.json() as Till).retiredAt).not.toBeNull();
    expect((await tills()).map((x) => [x.code, x.retiredAt === null])).toEqual([
      [1, true],
      [2, false],
    ]);
    // The login screen's lists leave it out.
    const publicList = (await t.app.inject({ method: "GET", url: "/api/terminals" })).json() as Till[];
    expect(publicList.map((x) => x.code)).toEqual([1]);
    const options = (await t.app.inject({ method: "GET", url: "/api/auth/options" })).json() as {
      terminals: Till[];
    };
    expect(options.terminals.map((x) => x.code)).toEqual([1]);
    const actions = t.core.db
      .prepare("SELECT action FROM audit_log WHERE entity = 'terminal' ORDER BY at, rowid")
      .pluck()
      .all();
    expect(actions).toEqual(["terminal.created", "terminal.renamed", "terminal.retired"]);
  });

  it("refuses a retired till at login, with the reason in Spanish", async () => {
    const barra = (
      await call("POST", "/api/settings/terminals", owner, { code: 2, name: "Barra" })
    ).json() as Till;
    await call("POST", `/api/settings/terminals/${barra.id}/retire`, owner, {});
    const ana = createStaff(t.core, { name: "Ana", role: "cashier", pin: "1357" });
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { staffId: ana.id, pin: "1357", terminalId: barra.id },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      error: { code: "terminal_retired", message: "La Barra fue dada de baja; elija otra caja" },
    });
  });

  it("refuses to retire the till the owner is logged in at, and the last one in service", async () => {
    const here = await call("POST", `/api/settings/terminals/${t.terminal.id}/retire`, owner, {});
    expect(here.statusCode).toBe(409);
    expect(here.json()).toMatchObject({ error: { code: "terminal_in_use" } });
    // From another till, the first one can go only while a second one is in service.
    const barra = (
      await call("POST", "/api/settings/terminals", owner, { code: 2, name: "Barra" })
    ).json() as Till;
    await call("POST", `/api/settings/terminals/${barra.id}/retire`, owner, {});
    // An owner whose session is at no till (so the in-use rule does not apply) still cannot retire the last one.
    const elsewhere = createStaff(t.core, { name: "Otra dueña", role: "owner", pin: "2468" });
    const token = createSession(t.core, elsewhere.id, null);
    const last = await call("POST", `/api/settings/terminals/${t.terminal.id}/retire`, bearer(token), {});
    expect(last.statusCode).toBe(409);
    expect(last.json()).toMatchObject({ error: { code: "last_terminal" } });
    expect((await tills()).filter((x) => x.retiredAt === null)).toHaveLength(1);
  });

  it("refuses bad input with 400 and a taken number with 409, adding nothing", async () => {
    for (const body of [
      { code: 0, name: "x" },
      { code: 10_000, name: "x" },
      { code: 2, name: "x".repeat(41) },
      { code: 2 },
      { code: "2", name: "x" },
    ]) {
      const res = await call("POST", "/api/settings/terminals", owner, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const taken = await call("POST", "/api/settings/terminals", owner, { code: 1, name: "Otra" });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({
      error: { code: "terminal_code_taken", message: "Ya existe la caja número 1" },
    });
    expect(await tills()).toHaveLength(1);
    const missing = await call("PATCH", "/api/settings/terminals/nope", owner, { name: "x" });
    expect(missing.statusCode).toBe(404);
    expect(
      (await call("PATCH", `/api/settings/terminals/${t.terminal.id}`, owner, { name: "x".repeat(41) }))
        .statusCode,
    ).toBe(400);
  });

  it("is the owner's: a cashier or a manager is refused and nothing changes", async () => {
    for (const role of ["cashier", "manager"] as const) {
      const who = bearer(t.tokenFor(role, `${role} x`));
      expect((await call("GET", "/api/settings/terminals", who)).statusCode).toBe(403);
      expect((await call("POST", "/api/settings/terminals", who, { code: 5, name: "x" })).statusCode).toBe(
        403,
      );
      expect(
        (await call("PATCH", `/api/settings/terminals/${t.terminal.id}`, who, { name: "x" })).statusCode,
      ).toBe(403);
      expect(
        (await call("POST", `/api/settings/terminals/${t.terminal.id}/retire`, who, {})).statusCode,
      ).toBe(403);
    }
    expect((await t.app.inject({ method: "GET", url: "/api/settings/terminals" })).statusCode).toBe(401);
    expect((await tills()).map((x) => [x.code, x.name, x.retiredAt])).toEqual([[1, "Caja 1", null]]);
  });
});
