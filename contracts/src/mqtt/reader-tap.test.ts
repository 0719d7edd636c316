import { describe, expect, it } from "vitest";
import { parseMessage } from "./messages.js";
import { parseReaderTap, serializeReaderTap } from "./reader-tap.js";
import { parseTopic, topics } from "./topics.js";

describe("card reader taps in the MQTT contract", () => {
  it("names a node's reader topic and parses it back", () => {
    expect(topics.readerTap("barra-nodo", "rfid")).toBe("mostrador/barra-nodo/reader/rfid/tap");
    expect(parseTopic("mostrador/barra-nodo/reader/rfid/tap")).toEqual({
      kind: "reader_tap",
      device: "barra-nodo",
      key: "rfid",
    });
    expect(parseTopic("mostrador/barra-nodo/reader/rfid/state")).toBeNull();
    expect(parseTopic("mostrador/barra-nodo/reader/RFID/tap")).toBeNull();
  });

  it("reads the node's hex payload as the UID and refuses garbage", () => {
    expect(parseReaderTap(Buffer.from("04a32b1c"))).toEqual({ ok: true, value: "04A32B1C" });
    expect(parseReaderTap("04A3\u00002B1C")).toMatchObject({ ok: false, error: { code: "control_bytes" } });
    expect(parseReaderTap("04A32B")).toMatchObject({ ok: false, error: { code: "wrong_length" } });
    expect(parseMessage(topics.readerTap("n", "rfid"), "DEADBEEF")).toEqual({
      kind: "reader_tap",
      device: "n",
      key: "rfid",
      payload: { ok: true, value: "DEADBEEF" },
    });
  });

  it("serializes the chip's bytes as the firmware does", () => {
    expect(serializeReaderTap([0x04, 0xa3, 0x2b, 0x1c])).toBe("04A32B1C");
  });
});
