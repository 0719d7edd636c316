import type { SetupInput } from "@mostrador/contracts/http/setup";
import { DEFAULT_SETTINGS, getSettings } from "@mostrador/kernel/shop/settings";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestApi, type TestApi } from "../api/test-api.js";

/** What a carnicería owner types in the wizard (a valid CUIT: 20-12345678-6). */
const valid = (): SetupInput => ({
  shop: {
    name: "  Carnicería   Don Pepe ",
    taxId: "20123456786",
    ivaCondition: "monotributo",
    address: "Av. San Martín 456, Rosario",
    timeZone: "America/Argentina/Cordoba",
    rubro: "carniceria",
  },
  owner: { name: "José", pin: "4826", pinConfirm: "4826" },
  terminals: [
    { code: 1, name: "Mostrador" },
    { code: 2, name: "" },
  ],
  printer: { host: "192.168.0.50", port: 9100 },
});

describe("first-run setup API", () => {
  let t: TestApi;
  /** Everything the wizard writes, counted: a refused or interrupted setup must leave all of it at zero. */
  const written = () =>
    ["shop_settings", "terminals", "staff", "audit_log", "outbox"].map(
      (table) => (t.core.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
    );
  const setup = (payload: unknown) =>
    t.app.inject({ method: "POST", url: "/api/setup", payload: payload as object });

  beforeEach(async () => {
    t = await openTestApi();
    // An appliance as it comes out of the box: the test API's own till removed.
    t.core.db.prepare("DELETE FROM terminals").run();
  });
  afterEach(async () => t.close());

  it("sets up the shop, its tills, printer and owner in one go; the owner logs in with the new PIN", async () => {
    expect((await t.app.inject({ method: "GET", url: "/api/setup" })).json()).toEqual({ needed: true });
    const res = await setup(valid());
    expect(res.statusCode).toBe(201);
    const answer = res.json() as { ownerId: string; terminals: { id: string; code: number; name: string }[] };
    expect(answer.terminals.map((x) => [x.code, x.name])).toEqual([
      [1, "Mostrador"],
      [2, "Caja 2"],
    ]);
    expect(getSettings(t.core.db)).toMatchObject({
      name: "Carnicería Don Pepe",
      taxId: "20-12345678-6",
      ivaCondition: "monotributo",
      rubro: "carniceria",
      timeZone: "America/Argentina/Cordoba",
      receiptFooter: "¡Gracias por su compra! Conserve la carne en frío.",
      printer: { ...DEFAULT_SETTINGS.printer, interface: "tcp://192.168.0.50:9100" },
    });
    const login = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { staffId: answer.ownerId, pin: "4826", terminalId: answer.terminals[0]!.id },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ staff: { name: "José", role: "owner" } });
    const audit = t.core.db.prepare("SELECT action FROM audit_log WHERE action = 'setup.completed'").all();
    expect(audit).toHaveLength(1);
    expect((await t.app.inject({ method: "GET", url: "/api/setup" })).json()).toEqual({ needed: false });
  });

  it("is refused for ever once the shop has an owner, changing nothing", async () => {
    expect((await setup(valid())).statusCode).toBe(201);
    const before = written();
    const again = await setup({ ...valid(), owner: { name: "Intruso", pin: "1234", pinConfirm: "1234" } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: "setup_done" } });
    const demo = await t.app.inject({ method: "POST", url: "/api/setup/demo" });
    expect(demo.statusCode).toBe(409);
    expect(written()).toEqual(before);
  });

  it.each([
    ["a bad CUIT", (s: SetupInput) => (s.shop.taxId = "20-12345678-5"), "shop.taxId", /no es válido/],
    ["a CUIT of the wrong length", (s: SetupInput) => (s.shop.taxId = "2012345"), "shop.taxId", /11 dígitos/],
    [
      "a short PIN",
      (s: SetupInput) => (s.owner = { ...s.owner, pin: "12", pinConfirm: "12" }),
      "owner.pin",
      /entre 4 y 8 dígitos/,
    ],
    ["mismatched PINs", (s: SetupInput) => (s.owner.pinConfirm = "4827"), "owner.pinConfirm", /no coinciden/],
    ["an empty shop name", (s: SetupInput) => (s.shop.name = "   "), "shop.name", /nombre del negocio/],
    ["an empty owner name", (s: SetupInput) => (s.owner.name = ""), "owner.name", /nombre del dueño/],
    ["no till", (s: SetupInput) => (s.terminals = []), "terminals", /al menos una caja/],
    [
      "two tills with one number",
      (s: SetupInput) => (s.terminals[1]!.code = 1),
      "terminals.1.code",
      /dos cajas/,
    ],
    [
      "an unknown IVA condition",
      (s: SetupInput) => (s.shop.ivaCondition = "otro"),
      "shop.ivaCondition",
      /IVA/,
    ],
    ["an unknown rubro", (s: SetupInput) => (s.shop.rubro = "kiosco"), "shop.rubro", /rubro/],
    [
      "an unknown time zone",
      (s: SetupInput) => (s.shop.timeZone = "Marte/Olimpo"),
      "shop.timeZone",
      /zona horaria/,
    ],
    [
      "a printer port out of range",
      (s: SetupInput) => (s.printer = { host: "10.0.0.9", port: 70000 }),
      "printer.port",
      /puerto/,
    ],
  ])(
    "refuses %s with a Spanish message for that field, writing nothing",
    async (_, spoil, field, message) => {
      const input = valid();
      spoil(input);
      const res = await setup(input);
      expect(res.statusCode).toBe(400);
      const { error } = res.json() as {
        error: { code: string; message: string; details: { field: string; fields: Record<string, string> } };
      };
      expect(error.code).toBe("invalid_setup");
      expect(error.details.field).toBe(field);
      expect(error.details.fields[field]).toMatch(message);
      expect(error.message).toBe(error.details.fields[field]);
      expect(written()).toEqual([0, 0, 0, 0, 0]);
      expect((await t.app.inject({ method: "GET", url: "/api/setup" })).json()).toEqual({ needed: true });
    },
  );

  it("names every faulty field at once, so the wizard marks them all", async () => {
    const input = valid();
    input.shop.name = "";
    input.owner.pin = "1";
    const { error } = (await setup(input)).json() as {
      error: { details: { fields: Record<string, string> } };
    };
    expect(Object.keys(error.details.fields)).toEqual(["shop.name", "owner.pin"]);
  });

  it("refuses a body that is not the contract's (an unknown field, a missing section)", async () => {
    expect((await setup({ ...valid(), extra: 1 })).statusCode).toBe(400);
    const { owner: _, ...noOwner } = valid();
    expect((await setup(noOwner)).statusCode).toBe(400);
    expect(written()).toEqual([0, 0, 0, 0, 0]);
  });

  it("leaves nothing behind when the appliance fails half-way (after the settings and tills, at the owner)", async () => {
    // The database itself refuses the owner's row, as a full disk or a crash at that instant would.
    t.core.db.exec(
      "CREATE TRIGGER fail_owner BEFORE INSERT ON staff BEGIN SELECT RAISE(ABORT, 'disco lleno'); END",
    );
    const res = await setup(valid());
    expect(res.statusCode).toBe(500);
    expect(written()).toEqual([0, 0, 0, 0, 0]);
    expect(getSettings(t.core.db)).toEqual(DEFAULT_SETTINGS);
    // Once the fault is gone the same answers go through: the wizard simply starts again.
    t.core.db.exec("DROP TRIGGER fail_owner");
    expect((await setup(valid())).statusCode).toBe(201);
  });

  it("seeds the demo shop on request while the appliance is empty, then refuses the wizard", async () => {
    const demo = await t.app.inject({ method: "POST", url: "/api/setup/demo" });
    expect(demo.statusCode).toBe(201);
    expect(getSettings(t.core.db).name).toBe("Almacén La Esquina");
    expect((await t.app.inject({ method: "GET", url: "/api/setup" })).json()).toEqual({ needed: false });
    expect((await setup(valid())).statusCode).toBe(409);
  });
});
