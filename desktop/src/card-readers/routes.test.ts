import { schemaErrors } from "@mostrador/contracts/http/schema-errors";
import { CardReaderSchema } from "@mostrador/contracts/http/card-readers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";

describe("card readers API (Ajustes → Lectores de tarjetas)", () => {
  let t: TestApi;
  let owner: { authorization: string };
  beforeEach(async () => {
    t = await openTestApi();
    owner = bearer(t.tokenFor("owner"));
  });
  afterEach(async () => t.close());

  const post = (payload: object, headers = owner) =>
    t.app.inject({ method: "POST", url: "/api/card-readers", headers, payload });
  const count = () => (t.core.db.prepare("SELECT COUNT(*) AS n FROM card_readers").get() as { n: number }).n;
  const serial = { name: "Barra 1", kind: "serial", serialPath: "/dev/ttyUSB0", serialFormat: "em4100" };

  it("adds a serial reader with its defaults, lists it with its state and no tap yet, audited", async () => {
    const res = await post({ ...serial, terminalId: t.terminal.id });
    expect(res.statusCode).toBe(201);
    const reader = res.json();
    expect(reader).toMatchObject({
      name: "Barra 1",
      kind: "serial",
      terminalId: t.terminal.id,
      serialPath: "/dev/ttyUSB0",
      baudRate: 9600,
      serialFormat: "em4100",
      numberFormat: "hex",
      byteOrder: "as_read",
      deviceSlug: null,
      readerKey: null,
      state: "idle",
      problem: null,
      lastTap: null,
    });
    expect(schemaErrors(CardReaderSchema, reader)).toEqual([]);
    const list = await t.app.inject({
      method: "GET",
      url: "/api/card-readers",
      headers: bearer(t.tokenFor("cashier")),
    });
    expect(list.json()).toEqual([reader]);
    expect(t.core.db.prepare("SELECT action FROM audit_log").all()).toEqual([
      { action: "card_reader.created" },
    ]);
  });

  it("changes a reader's format and kind; fields of the old kind are cleared", async () => {
    const { id } = (await post(serial)).json();
    const res = await t.app.inject({
      method: "PATCH",
      url: `/api/card-readers/${id}`,
      headers: owner,
      payload: { kind: "mqtt", deviceSlug: "barra-esp32", readerKey: "rfid", byteOrder: "reversed" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      kind: "mqtt",
      serialPath: null,
      baudRate: null,
      serialFormat: null,
      deviceSlug: "barra-esp32",
      readerKey: "rfid",
      byteOrder: "reversed",
    });
  });

  it("removes a reader", async () => {
    const { id } = (await post({ name: "Teclado", kind: "keyboard", numberFormat: "decimal" })).json();
    const res = await t.app.inject({ method: "DELETE", url: `/api/card-readers/${id}`, headers: owner });
    expect(res.statusCode).toBe(204);
    expect(count()).toBe(0);
  });

  it.each([
    [{ ...serial, serialPath: undefined }, 400, "serial_path_required", "Indicá el puerto serie"],
    [{ ...serial, serialPath: "   " }, 400, "serial_path_required", "Indicá el puerto serie"],
    [{ ...serial, serialFormat: undefined }, 400, "serial_format_required", "Elegí el formato"],
    [{ name: "Nodo", kind: "mqtt", readerKey: "rfid" }, 400, "device_slug_required", "Indicá el equipo"],
    [{ name: "Nodo", kind: "mqtt", deviceSlug: "barra" }, 400, "reader_key_required", "Indicá la clave"],
    [{ ...serial, name: "   " }, 400, "invalid_reader_name", "Poné un nombre"],
    [{ ...serial, terminalId: "no-existe" }, 404, "terminal_not_found", "La caja no existe"],
  ])("refuses %j with a Spanish reason and adds nothing", async (payload, status, code, message) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(status);
    expect(res.json().error).toMatchObject({ code, message: expect.stringContaining(message) });
    expect(count()).toBe(0);
  });

  it.each([
    { ...serial, baudRate: 12345 },
    { ...serial, serialFormat: "wiegand" },
    { ...serial, kind: "bluetooth" },
    { ...serial, numberFormat: "octal" },
    { name: "Nodo", kind: "mqtt", deviceSlug: "Barra ESP", readerKey: "rfid" },
    { ...serial, uid: "04A32B1C" },
    { ...serial, name: "x".repeat(41) },
  ])("refuses a body outside the contract (%j) and adds nothing", async (payload) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBeTruthy();
    expect(count()).toBe(0);
  });

  it("refuses a second reader on the same port or the same node topic", async () => {
    await post(serial);
    const again = await post({ ...serial, name: "Otra" });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe("El puerto /dev/ttyUSB0 ya es del lector Barra 1");
    const node = { name: "Nodo", kind: "mqtt", deviceSlug: "barra", readerKey: "rfid" };
    await post(node);
    const twice = await post({ ...node, name: "Nodo 2" });
    expect(twice.statusCode).toBe(409);
    expect(count()).toBe(2);
  });

  it("lets only who may edit settings add, change or remove readers", async () => {
    const cashier = bearer(t.tokenFor("cashier"));
    expect((await post(serial, cashier)).statusCode).toBe(403);
    const { id } = (await post(serial)).json();
    const patch = await t.app.inject({
      method: "PATCH",
      url: `/api/card-readers/${id}`,
      headers: cashier,
      payload: { name: "Mío" },
    });
    expect(patch.statusCode).toBe(403);
    const del = await t.app.inject({ method: "DELETE", url: `/api/card-readers/${id}`, headers: cashier });
    expect(del.statusCode).toBe(403);
    expect(count()).toBe(1);
  });

  it("answers 404 for a reader that does not exist", async () => {
    const res = await t.app.inject({
      method: "PATCH",
      url: "/api/card-readers/nope",
      headers: owner,
      payload: { name: "X" },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("card_reader_not_found");
  });
});
