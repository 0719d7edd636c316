import { type AddressInfo, connect as tcpConnect } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { openTestApi, type TestApi } from "./test-api.js";

/** Opens a real WebSocket to the listening server and collects what it pushes. */
function connect(url: string): Promise<{ socket: WebSocket; messages: unknown[] }> {
  const socket = new WebSocket(url);
  const messages: unknown[] = [];
  socket.on("message", (data) => messages.push(JSON.parse(String(data))));
  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve({ socket, messages }));
    socket.once("unexpected-response", (_req, res) => {
      socket.terminate();
      reject(new Error(`HTTP ${res.statusCode}`));
    });
    socket.once("error", reject);
  });
}

describe("WebSocket events", () => {
  let t: TestApi;
  let base: string;
  beforeEach(async () => {
    t = await openTestApi();
    await t.app.listen({ host: "127.0.0.1", port: 0 });
    base = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/events`;
  });
  afterEach(async () => t.close());

  it("pushes committed events to a logged-in till", async () => {
    const { socket, messages } = await connect(`${base}?token=${t.tokenFor("cashier")}`);
    t.core.bus.emit("stock.changed", { productIds: ["p1"] });
    await expect.poll(() => messages).toEqual([{ type: "stock.changed", payload: { productIds: ["p1"] } }]);
    socket.close();
  });

  it("keeps events between modules inside the appliance: tills hear only what the manifests list", async () => {
    const { socket, messages } = await connect(`${base}?token=${t.tokenFor("cashier")}`);
    t.core.bus.emit("devices.changed", { deviceId: "d1" });
    t.core.bus.emit("printer.outcome", { at: "2026-01-01T00:00:00.000Z", error: "sin papel" });
    const alarm = { alarmId: "a1", status: "active", severity: 3, ruleId: null, deviceId: "d1" } as const;
    t.core.bus.emit("alarm.changed", alarm);
    await expect.poll(() => messages).toEqual([{ type: "alarm.changed", payload: alarm }]);
    socket.close();
  });

  it("refuses a connection without a valid token, so a stranger on the LAN hears nothing", async () => {
    await expect(connect(base)).rejects.toThrow("HTTP 401");
    await expect(connect(`${base}?token=forged`)).rejects.toThrow("HTTP 401");
  });

  it("stops sending to a till that disconnected and keeps serving the others", async () => {
    const gone = await connect(`${base}?token=${t.tokenFor("cashier")}`);
    const staying = await connect(`${base}?token=${t.tokenFor("manager")}`);
    gone.socket.close();
    await new Promise((r) => gone.socket.once("close", r));
    t.core.bus.emit("cash.changed", { sessionId: "s", terminalId: t.terminal.id, status: "open" });
    await expect.poll(() => staying.messages.length).toBe(1);
    expect(gone.messages).toEqual([]);
    staying.socket.close();
  });

  it("closes the socket of a refused upgrade itself, so retries from a stale tablet leak nothing", async () => {
    const port = (t.app.server.address() as AddressInfo).port;
    const raw = tcpConnect(port, "127.0.0.1");
    let answer = "";
    raw.on("data", (d) => (answer += String(d)));
    const closedByServer = new Promise<void>((resolve) => raw.once("end", () => resolve()));
    raw.write(
      "GET /api/events HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    );
    await closedByServer; // the client never closes: only the server can end this
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    expect(answer).toContain("not_logged_in");
    raw.destroy();
  });
});
