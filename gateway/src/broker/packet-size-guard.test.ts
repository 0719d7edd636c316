import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { guardPacketSize, PacketLengthScanner } from "./packet-size-guard.js";

/** An MQTT fixed header: type byte, then the remaining length as 7-bit groups [MQTT-2.2.3]. */
function header(type: number, length: number): number[] {
  const bytes = [type];
  do {
    let digit = length % 128;
    length = Math.floor(length / 128);
    if (length > 0) digit |= 0x80;
    bytes.push(digit);
  } while (length > 0);
  return bytes;
}

describe("MQTT packet size guard", () => {
  it("lets packets up to the limit through, even split across chunks at any byte", () => {
    const packet = Buffer.from([...header(0x30, 300), ...new Array(300).fill(7), ...header(0xc0, 0)]);
    for (let split = 0; split <= packet.length; split++) {
      const scanner = new PacketLengthScanner(1024);
      expect(scanner.accept(packet.subarray(0, split)) && scanner.accept(packet.subarray(split))).toBe(true);
    }
  });

  it("refuses a packet that declares more than the limit before its body arrives", () => {
    const scanner = new PacketLengthScanner(1024);
    expect(scanner.accept(Buffer.from(header(0x30, 200 * 1024 * 1024)))).toBe(false);
  });

  it("refuses a malformed length of more than four bytes", () => {
    const scanner = new PacketLengthScanner(Number.MAX_SAFE_INTEGER);
    expect(scanner.accept(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))).toBe(false);
  });

  it("passes good bytes through and destroys the connection on an oversized packet", async () => {
    const inner = new PassThrough();
    let refused = 0;
    const outer = guardPacketSize(inner, () => refused++, 64);
    const seen: Buffer[] = [];
    outer.on("data", (c: Buffer) => seen.push(c));
    inner.write(Buffer.from([...header(0xc0, 0)])); // PINGREQ
    inner.write(Buffer.from(header(0x30, 10_000)));
    await new Promise((r) => setImmediate(r));
    expect(Buffer.concat(seen)).toEqual(Buffer.from([0xc0, 0x00]));
    expect(refused).toBe(1);
    expect(inner.destroyed && outer.destroyed).toBe(true);
  });

  it("passes writes through in order, batched or not", async () => {
    const inner = new PassThrough();
    const outer = guardPacketSize(inner, () => {});
    const out: Buffer[] = [];
    inner.on("data", (c: Buffer) => out.push(c));
    outer.cork();
    outer.write(Buffer.from([0x40, 0x02, 0x00, 0x01])); // PUBACK 1
    outer.write(Buffer.from([0x40, 0x02, 0x00, 0x02])); // PUBACK 2
    outer.uncork();
    await new Promise<void>((resolve) => outer.write(Buffer.from([0xd0, 0x00]), () => resolve()));
    expect(Buffer.concat(out)).toEqual(
      Buffer.from([0x40, 0x02, 0x00, 0x01, 0x40, 0x02, 0x00, 0x02, 0xd0, 0x00]),
    );
  });
});
