import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { openTestApi, type TestApi } from "../api/test-api.js";
import { CardReaderHub } from "./hub.js";
import { createReader } from "./readers.js";
import { openTestPty, type TestPty } from "./serial/test-pty.js";

describe("card_tapped on the till's events socket", () => {
  let t: TestApi;
  let pty: TestPty;
  let hub: CardReaderHub;
  let socket: WebSocket;
  const messages: { type: string; payload: unknown }[] = [];

  beforeEach(async () => {
    t = await openTestApi();
    await t.app.listen({ host: "127.0.0.1", port: 0 });
    pty = await openTestPty();
    hub = new CardReaderHub(t.core, { log: () => {} });
    hub.start();
    messages.length = 0;
    const port = (t.app.server.address() as AddressInfo).port;
    socket = new WebSocket(`ws://127.0.0.1:${port}/api/events?token=${t.tokenFor("cashier")}`);
    socket.on("message", (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
  });
  afterEach(async () => {
    socket.close();
    await hub.stop();
    await pty.close();
    await t.close();
  });

  it("a card tapped on a serial reader reaches the tills as card_tapped, with its till; reader changes and node taps stay inside", async () => {
    const reader = createReader(t.core, {
      name: "Barra",
      kind: "serial",
      serialPath: pty.readerPath,
      serialFormat: "mfrc522",
      terminalId: t.terminal.id,
    });
    await expect.poll(() => hub.live(reader.id).state).toBe("open");
    t.core.bus.emit("card_reader.node_tap", { slug: "nadie", key: "rfid", uid: "11223344", at: "x" });
    pty.write("Card UID: 04 A3 2B 1C\r\n");
    await expect
      .poll(() => messages)
      .toEqual([
        {
          type: "card_tapped",
          payload: {
            uid: "04A32B1C",
            readerId: reader.id,
            terminalId: t.terminal.id,
            at: t.core.clock.now().toISOString(),
          },
        },
      ]);
  });
});
