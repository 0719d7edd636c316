import {
  CustomerDisplayAnswer,
  type CustomerDisplayEvent,
  type CustomerDisplayState,
  IDLE_DISPLAY,
} from "@mostrador/contracts/http/customer-display";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { createSession } from "@mostrador/kernel/staff/sessions";
import type { AddressInfo } from "node:net";
import { Value } from "@sinclair/typebox/value";
import WebSocket from "ws";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";

const ticket: CustomerDisplayState = {
  lines: [
    { name: "Yerba mate 1 kg", quantity: 2, unit: "each", amount: 640_000 },
    { name: "Queso cremoso", quantity: 350, unit: "kg", amount: 315_000 },
  ],
  total: 955_000,
  customerName: "Ana Pérez",
  mercadoPago: { qrData: "00020101021243650016COM.MERCADOLIBRE", amount: 955_000, status: "waiting" },
  done: null,
};

describe("/api/customer-display: what each till's customer sees", () => {
  let t: TestApi;
  let till1: Record<string, string>;
  let till2: Record<string, string>;
  let till2Token: string;
  let till1Token: string;

  beforeEach(async () => {
    t = await openTestApi();
    till1Token = t.tokenFor("cashier", "Carla Cajera");
    till1 = bearer(till1Token);
    // A second till with its own cashier: its display must never show till 1's ticket.
    const caja2 = createTerminal(t.core, { code: 2, name: "Caja 2" });
    const staffId = newId();
    const at = t.core.clock.now().toISOString();
    t.core.db
      .prepare(
        "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES (?, ?, 'cashier', 'test', ?, ?)",
      )
      .run(staffId, "Bruno Cajero", at, at);
    till2Token = createSession(t.core, staffId, caja2.id);
    till2 = bearer(till2Token);
  });
  afterEach(async () => t.close());

  const publish = (payload: unknown, headers = till1) =>
    t.app.inject({ method: "POST", url: "/api/customer-display", headers, payload: payload as object });
  const current = async (headers = till1) => {
    const res = await t.app.inject({ method: "GET", url: "/api/customer-display", headers });
    expect(res.statusCode).toBe(200);
    const body: unknown = res.json();
    expect(Value.Check(CustomerDisplayAnswer, body)).toBe(true);
    return body as CustomerDisplayAnswer;
  };

  it("shows the shop's name (idle) until the till publishes, then the till's ticket", async () => {
    expect((await current()).state).toEqual(IDLE_DISPLAY);
    expect((await publish(ticket)).statusCode).toBe(204);
    const answer = await current();
    expect(answer.terminalId).toBe(t.terminal.id);
    expect(answer.state).toEqual(ticket);
  });

  it("a display of another till sees nothing of this one", async () => {
    await publish(ticket);
    expect((await current(till2)).state).toEqual(IDLE_DISPLAY);
    const after = { ...IDLE_DISPLAY, done: { total: 500_000, change: 0 } };
    await publish(after, till2);
    expect((await current(till2)).state).toEqual(after);
    expect((await current()).state).toEqual(ticket);
  });

  it.each([
    ["a negative total", { ...ticket, total: -1 }],
    ["centavos with decimals", { ...ticket, total: 10.5 }],
    ["an unknown field", { ...ticket, price: 1 }],
    ["a missing field", { lines: [], total: 0, customerName: null, mercadoPago: null }],
    ["a line with no name", { ...ticket, lines: [{ name: "", quantity: 1, unit: "each", amount: 1 }] }],
    ["a line in an unknown unit", { ...ticket, lines: [{ name: "x", quantity: 1, unit: "l", amount: 1 }] }],
    [
      "a QR too long to be Mercado Pago's",
      { ...ticket, mercadoPago: { ...ticket.mercadoPago, qrData: "0".repeat(2001) } },
    ],
    ["an unknown QR status", { ...ticket, mercadoPago: { ...ticket.mercadoPago, status: "pending" } }],
    ["negative change", { ...ticket, done: { total: 1, change: -5 } }],
    ["no body at all", undefined],
  ])("refuses %s with a Spanish message and keeps what the display showed", async (_what, payload) => {
    await publish(ticket);
    const res = await publish(payload);
    expect(res.statusCode).toBe(400);
    const body = res.json() as { error: { code: string; message: string } };
    expect(body.error.message).toMatch(/[a-záéíóúñ]/i);
    expect(body.error.message).not.toMatch(/must |Expected/);
    expect((await current()).state).toEqual(ticket);
  });

  it("refuses a stranger with no session, on every route", async () => {
    await t.app.listen({ host: "127.0.0.1", port: 0 });
    const url = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/customer-display/events`;
    const refused = new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${url}?token=forged`);
      // terminate() on a refused upgrade reports an error; the refusal itself is what is checked.
      socket.on("error", () => undefined);
      socket.once("unexpected-response", (_req, res) => {
        socket.terminate();
        resolve(res.statusCode ?? 0);
      });
      socket.once("open", () => reject(new Error("opened")));
    });
    expect(await refused).toBe(401);
    const post = await t.app.inject({ method: "POST", url: "/api/customer-display", payload: ticket });
    expect(post.statusCode).toBe(401);
    const get = await t.app.inject({ method: "GET", url: "/api/customer-display" });
    expect(get.statusCode).toBe(401);
    expect((await current()).state).toEqual(IDLE_DISPLAY);
  });

  it("relays each till's state on the socket to that till's displays only", async () => {
    await t.app.listen({ host: "127.0.0.1", port: 0 });
    const base = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/customer-display/events`;
    const heard = (token: string) => {
      const events: CustomerDisplayEvent[] = [];
      const socket = new WebSocket(`${base}?token=${encodeURIComponent(token)}`);
      socket.on("message", (data) => events.push(JSON.parse(String(data)) as CustomerDisplayEvent));
      const open = new Promise<WebSocket>((resolve, reject) => {
        socket.once("open", () => resolve(socket));
        socket.once("error", reject);
      });
      return { events, open };
    };
    const display1 = heard(till1Token);
    const display2 = heard(till2Token);
    const [ws1, ws2] = await Promise.all([display1.open, display2.open]);
    await expect.poll(() => display1.events.length).toBe(1);
    await expect.poll(() => display2.events.length).toBe(1);

    await publish(ticket);
    const till2Done = { ...IDLE_DISPLAY, done: { total: 100_000, change: 20_000 } };
    await publish(till2Done, till2);
    await expect.poll(() => display1.events.length).toBe(2);
    await expect.poll(() => display2.events.length).toBe(2);
    ws1.close();
    ws2.close();

    expect(display1.events.map((e) => e.payload.state)).toEqual([IDLE_DISPLAY, ticket]);
    expect(
      display1.events.every((e) => e.type === "customer_display" && e.payload.terminalId === t.terminal.id),
    ).toBe(true);
    // Till 2's display heard its idle screen and its own sale, never till 1's ticket.
    expect(display2.events.map((e) => e.payload.state)).toEqual([IDLE_DISPLAY, till2Done]);
  });
});
