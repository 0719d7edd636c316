import { describe, expect, it } from "vitest";
import { Em4100Decoder, LineDecoder, MAX_LINE } from "./frames.js";

const bytes = (s: string) => Buffer.from(s, "latin1");
/** An EM4100 frame: STX, 10 hex digits, their XOR as 2 hex digits, ETX. */
function em4100(data: string, checksum?: string): Buffer {
  const xor = data
    .match(/../g)!
    .map((p) => parseInt(p, 16))
    .reduce((a, b) => a ^ b, 0);
  const sum = checksum ?? xor.toString(16).toUpperCase().padStart(2, "0");
  return Buffer.concat([Buffer.from([0x02]), bytes(data + sum), Buffer.from([0x03])]);
}

describe("MFRC522 and PN532 text lines", () => {
  it("reads the UID out of the common sketches' lines and ignores their chatter", () => {
    const d = new LineDecoder();
    const frames = d.push(
      bytes(
        "Scan PICC to see UID...\r\nCard UID: 04 A3 2B 1C\r\nHello!\nUID Length: 4 bytes\n  UID Value:  0x4 0xA3 0x2B 0x1C\nUID: 04:A3:2B:1C\n04A32B1C\n",
      ),
    );
    expect(frames).toEqual([
      { kind: "chatter" },
      { kind: "text", text: "04 A3 2B 1C" },
      { kind: "chatter" },
      { kind: "chatter" },
      { kind: "text", text: "0x4 0xA3 0x2B 0x1C" },
      { kind: "text", text: "04:A3:2B:1C" },
      { kind: "text", text: "04A32B1C" },
    ]);
  });

  it("joins a line split across chunks", () => {
    const d = new LineDecoder();
    expect(d.push(bytes("Card UID: 04 A"))).toEqual([]);
    expect(d.push(bytes("3 2B 1C\r"))).toEqual([{ kind: "text", text: "04 A3 2B 1C" }]);
  });

  it("calls control bytes and endless lines garbage, and forgets them", () => {
    const d = new LineDecoder();
    expect(d.push(Buffer.from([0x43, 0x00, 0x1b, 0x0a]))[0]?.kind).toBe("garbage");
    const endless = d.push(bytes("A".repeat(MAX_LINE + 1)));
    expect(endless).toEqual([{ kind: "garbage", reason: expect.stringContaining("sin fin de línea") }]);
    expect(d.push(bytes("Card UID: 04 A3 2B 1C\n"))).toEqual([{ kind: "text", text: "04 A3 2B 1C" }]);
  });
});

describe("EM4100 frames (STX, 10 hex, XOR checksum, ETX)", () => {
  it("reads a frame's 5 data bytes once its checksum matches", () => {
    expect(new Em4100Decoder().push(em4100("307E4DE5C2"))).toEqual([
      { kind: "bytes", bytes: [0x30, 0x7e, 0x4d, 0xe5, 0xc2] },
    ]);
  });

  it("refuses a frame whose checksum is wrong, saying both", () => {
    const [frame] = new Em4100Decoder().push(em4100("307E4DE5C2", "25"));
    expect(frame).toEqual({
      kind: "garbage",
      reason: expect.stringContaining("checksum incorrecto (llegó 25"),
    });
  });

  it("joins a frame split across chunks, byte by byte", () => {
    const d = new Em4100Decoder();
    const frame = em4100("0A0206008E");
    const out = [...frame].flatMap((b) => d.push(Buffer.from([b])));
    expect(out).toEqual([{ kind: "bytes", bytes: [0x0a, 0x02, 0x06, 0x00, 0x8e] }]);
  });

  it("calls a frame cut by a new start, stray bytes and non-hex digits garbage, and reads the next good one", () => {
    const d = new Em4100Decoder();
    const out = d.push(
      Buffer.concat([
        bytes("xx"),
        Buffer.from([0x02]),
        bytes("307E"),
        em4100("307E4DE5C2"),
        em4100("ZZ7E4DE5C2", "00"),
      ]),
    );
    expect(out.map((f) => f.kind)).toEqual(["garbage", "garbage", "bytes", "garbage"]);
  });

  it("tolerates CR LF before the end byte", () => {
    const frame = em4100("307E4DE5C2");
    const withCrLf = Buffer.concat([frame.subarray(0, 13), Buffer.from([0x0d, 0x0a, 0x03])]);
    expect(new Em4100Decoder().push(withCrLf)).toEqual([
      { kind: "bytes", bytes: [0x30, 0x7e, 0x4d, 0xe5, 0xc2] },
    ]);
  });
});
