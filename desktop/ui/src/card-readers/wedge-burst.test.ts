import { describe, expect, it } from "vitest";
import { WedgeBurst } from "./wedge-burst.js";

const hex = { numberFormat: "hex", byteOrder: "as_read" } as const;
const decimal = { numberFormat: "decimal", byteOrder: "as_read" } as const;

/** Types `text` then Enter, `gap` ms apart from `start`; the result of the Enter. */
function type(w: WedgeBurst, text: string, gap: number, start = 1000) {
  let at = start;
  for (const ch of text) w.key(ch, (at += gap));
  return w.key("Enter", at + gap);
}

describe("keyboard-wedge burst", () => {
  it("reads a reader's fast burst as the card's normalised UID", () => {
    expect(type(new WedgeBurst(hex), "04a32b1c", 4)).toEqual({
      kind: "card",
      uid: "04A32B1C",
      raw: "04a32b1c",
    });
    expect(type(new WedgeBurst(decimal), "1852071033", 8)).toEqual({
      kind: "card",
      uid: "6E645C79",
      raw: "1852071033",
    });
  });

  it("leaves a person's typing alone, even of a valid UID", () => {
    expect(type(new WedgeBurst(hex), "04a32b1c", 120)).toEqual({ kind: "typed" });
  });

  it("a burst after some slow typing is still a card (the typed part is dropped)", () => {
    const w = new WedgeBurst(hex);
    w.key("h", 0);
    w.key("o", 200);
    expect(type(w, "DEADBEEF", 5, 2000)).toEqual({ kind: "card", uid: "DEADBEEF", raw: "DEADBEEF" });
  });

  it("a pause before Enter, or a burst too short for a UID, is typing", () => {
    const w = new WedgeBurst(hex);
    for (const [i, ch] of [..."04a32b1c"].entries()) w.key(ch, i * 5);
    expect(w.key("Enter", 500)).toEqual({ kind: "typed" });
    expect(type(new WedgeBurst(hex), "1234", 5)).toEqual({ kind: "typed" });
  });

  it("a reader's burst of garbage is refused with the normaliser's reason", () => {
    expect(type(new WedgeBurst(hex), "04a32b1z", 5)).toEqual({
      kind: "refused",
      raw: "04a32b1z",
      error: "El UID debe ser hexadecimal (0-9 y A-F)",
    });
    expect(type(new WedgeBurst(decimal), "04a32b1c", 5)).toMatchObject({ kind: "refused" });
  });

  it("Enter alone is nothing, and keys a reader never sends break the burst", () => {
    const w = new WedgeBurst(hex);
    expect(w.key("Enter", 0)).toEqual({ kind: "none" });
    for (const [i, ch] of [..."04a3"].entries()) w.key(ch, 10 + i * 5);
    w.key("Backspace", 31);
    for (const [i, ch] of [..."2b1c"].entries()) w.key(ch, 36 + i * 5);
    expect(w.key("Enter", 60)).toEqual({ kind: "typed" });
  });
});
