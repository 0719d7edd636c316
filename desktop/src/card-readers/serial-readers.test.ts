import type { CardTapped } from "@mostrador/contracts/http/card-readers";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { CardReaderHub } from "./hub.js";
import { createReader } from "./readers.js";
import { openTestPty, type TestPty } from "./serial/test-pty.js";

const em4100 = (data: string, checksum?: number) => {
  const xor = data
    .match(/../g)!
    .map((p) => parseInt(p, 16))
    .reduce((a, b) => a ^ b, 0);
  const sum = (checksum ?? xor).toString(16).toUpperCase().padStart(2, "0");
  return Buffer.concat([Buffer.from([0x02]), Buffer.from(data + sum, "latin1"), Buffer.from([0x03])]);
};

describe("serial card readers over a pseudo-terminal", () => {
  let core: TestCore;
  let pty: TestPty;
  let hub: CardReaderHub;
  let taps: CardTapped[];
  let logged: string[];

  beforeEach(async () => {
    core = openTestCore();
    pty = await openTestPty();
    taps = [];
    logged = [];
    core.bus.on("card_tapped", (t) => taps.push(t));
    hub = new CardReaderHub(core, {
      log: (m) => logged.push(m),
      limits: { repeatMs: 1500, floodPerWindow: 10, windowMs: 1000, throttleMs: 10_000 },
    });
    hub.start();
  });
  afterEach(async () => {
    await hub.stop();
    await pty.close();
    core.close();
  });

  const addSerial = (serialFormat: "mfrc522" | "pn532" | "em4100", extra: object = {}) =>
    createReader(core, { name: "Barra", kind: "serial", serialPath: pty.readerPath, serialFormat, ...extra });
  const opened = (id: string) => expect.poll(() => hub.live(id).state).toBe("open");

  it("an MFRC522 sketch's line becomes one card_tapped with the normalised UID", async () => {
    const reader = addSerial("mfrc522");
    await opened(reader.id);
    pty.write("Scan PICC to see UID...\r\nCard UID: 04 a3 2b 1c\r\n");
    await expect.poll(() => taps.length).toBe(1);
    expect(taps[0]).toEqual({
      uid: "04A32B1C",
      readerId: reader.id,
      terminalId: null,
      at: core.clock.now().toISOString(),
    });
    expect(hub.live(reader.id).lastTap).toEqual(taps[0]);
  });

  it("a PN532 line in reversed byte order, split across writes, is one tap in the chip's order", async () => {
    const reader = addSerial("pn532", { byteOrder: "reversed" });
    await opened(reader.id);
    pty.write("  UID Value:  0x1C 0x2B");
    pty.write(" 0xA3 0x4\n");
    await expect.poll(() => taps.map((t) => t.uid)).toEqual(["04A32B1C"]);
  });

  it("a card held on the reader is one tap; the same card later is another", async () => {
    const reader = addSerial("mfrc522");
    await opened(reader.id);
    pty.write("Card UID: 04 A3 2B 1C\nCard UID: 04 A3 2B 1C\n");
    await expect.poll(() => hub.live(reader.id).lastTap?.uid).toBe("04A32B1C");
    core.clock.advance(2000);
    pty.write("Card UID: 04 A3 2B 1C\n");
    await expect.poll(() => taps.length).toBe(2);
  });

  it("EM4100: a good frame is a tap, a wrong checksum and garbage bytes are not", async () => {
    const reader = addSerial("em4100");
    await opened(reader.id);
    pty.write(em4100("307E4DE5C2", 0x25));
    pty.write(Buffer.from([0xff, 0x00, 0x13]));
    pty.write(em4100("307E4DE5C2"));
    await expect.poll(() => taps.map((t) => t.uid)).toEqual(["307E4DE5C2"]);
  });

  it("a reader flooding garbage is throttled and reported, never crashes, and reads again afterwards", async () => {
    const reader = addSerial("em4100");
    await opened(reader.id);
    for (let i = 0; i < 30; i++) pty.write(em4100("307E4DE5C2", 0x00));
    await expect.poll(() => hub.live(reader.id).state).toBe("throttled");
    expect(hub.live(reader.id).problem).toContain("demasiadas lecturas inválidas");
    expect(logged.some((m) => m.includes("Barra") && m.includes("se ignora"))).toBe(true);
    // While throttled, everything is dropped (tap-gate.test.ts); after the pause it reads again.
    core.clock.advance(10_001);
    expect(hub.live(reader.id).state).toBe("open");
    pty.write(em4100("0A0206008E"));
    await expect.poll(() => taps.map((t) => t.uid)).toEqual(["0A0206008E"]);
  });

  it("unplugged, it says so and retries; plugged back, it reads again without anyone touching it", async () => {
    const reader = addSerial("mfrc522");
    await opened(reader.id);
    await pty.unplug();
    await expect.poll(() => hub.live(reader.id).state).toBe("retrying");
    expect(hub.live(reader.id).problem).toMatch(/desconectó|abrir|Error/);
    await pty.plug();
    await expect.poll(() => hub.live(reader.id).state, { timeout: 15_000 }).toBe("open");
    pty.write("Card UID: DE AD BE EF\n");
    await expect.poll(() => taps.map((t) => t.uid)).toEqual(["DEADBEEF"]);
  });

  it("a port that does not exist is retried, not fatal", async () => {
    const reader = createReader(core, {
      name: "Sin cable",
      kind: "serial",
      serialPath: `${pty.readerPath}-missing`,
      serialFormat: "mfrc522",
    });
    await expect.poll(() => hub.live(reader.id).state).toBe("retrying");
    expect(hub.live(reader.id).problem).toContain("No se pudo abrir");
  });

  it("taps carry the till the reader belongs to", async () => {
    const terminalId = createTerminal(core, { code: 7, name: "Barra" }).id;
    const reader = addSerial("mfrc522", { terminalId });
    await opened(reader.id);
    pty.write("Card UID: 04 A3 2B 1C\n");
    await expect.poll(() => taps[0]?.terminalId).toBe(terminalId);
  });
});
