import { describe, expect, it } from "vitest";
import { TapGate } from "./tap-gate.js";

const limits = { repeatMs: 1500, floodPerWindow: 5, windowMs: 1000, throttleMs: 10_000 };

describe("tap gate: one tap per card, floods throttled", () => {
  it("a card held on the reader is one tap; taken away and brought back, another", () => {
    const gate = new TapGate(limits);
    expect(gate.uid("04A32B1C", 0)).toBe("tap");
    expect(gate.uid("04A32B1C", 500)).toBe("repeat");
    // Still there: each sighting extends the same tap.
    expect(gate.uid("04A32B1C", 1900)).toBe("repeat");
    expect(gate.uid("04A32B1C", 3500)).toBe("tap");
  });

  it("another card right after is a new tap", () => {
    const gate = new TapGate(limits);
    expect(gate.uid("04A32B1C", 0)).toBe("tap");
    expect(gate.uid("11223344", 100)).toBe("tap");
  });

  it("a reader flooding garbage is throttled, says why, drops everything meanwhile, then recovers", () => {
    const gate = new TapGate(limits);
    const verdicts = Array.from({ length: 6 }, (_, i) => gate.garbage(i, "checksum incorrecto"));
    expect(verdicts.at(-1)).toBe("throttled_now");
    expect(gate.throttled(10)).toBe(true);
    expect(gate.problem(10)).toBe(
      "El lector se ignora 10 s: demasiadas lecturas inválidas (la última: checksum incorrecto)",
    );
    expect(gate.uid("04A32B1C", 20)).toBe("dropped");
    expect(gate.throttled(10_006)).toBe(false);
    expect(gate.problem(10_006)).toBeNull();
    expect(gate.uid("04A32B1C", 10_006)).toBe("tap");
  });

  it("more different cards a second than a hand can tap is a flood", () => {
    const gate = new TapGate(limits);
    const verdicts = Array.from({ length: 6 }, (_, i) => gate.uid(`0000000${i}`, i * 10));
    expect(verdicts.slice(0, 5)).toEqual(["tap", "tap", "tap", "tap", "tap"]);
    expect(verdicts[5]).toBe("throttled_now");
  });

  it("a few bad reads spread over time never throttle", () => {
    const gate = new TapGate(limits);
    for (let i = 0; i < 50; i++) gate.garbage(i * 300, "ruido");
    expect(gate.throttled(50 * 300)).toBe(false);
  });
});
