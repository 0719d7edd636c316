import { describe, expect, it } from "vitest";
import { ID_MAX_LENGTH, ID_PATTERN_SOURCE, isValidId } from "./ids.js";
import { parseRelayState, serializeRelayState } from "./relay-state.js";
import { parseStatus, serializeStatus } from "./status.js";

describe("device status and relay state payloads", () => {
  it("reads online/offline, trimmed, and nothing else", () => {
    expect(parseStatus(Buffer.from("online"))).toEqual({ ok: true, value: "online" });
    expect(parseStatus(" offline\n")).toEqual({ ok: true, value: "offline" });
    for (const bad of ["Online", "", "1", "off\u0000line"]) {
      expect(parseStatus(bad), bad).toMatchObject({ ok: false, error: { code: "not_a_status" } });
    }
    expect(parseStatus(serializeStatus(true))).toEqual({ ok: true, value: "online" });
    expect(serializeStatus(false)).toBe("offline");
  });

  it("reads a relay's echo in any case, writes it upper case", () => {
    expect(parseRelayState(Buffer.from("ON"))).toEqual({ ok: true, value: "ON" });
    expect(parseRelayState(" off ")).toEqual({ ok: true, value: "OFF" });
    expect(parseRelayState("1")).toEqual({
      ok: false,
      error: { code: "not_a_state", message: 'El estado del relé debe ser "ON" u "OFF"' },
    });
    expect([serializeRelayState(true), serializeRelayState(false)]).toEqual(["ON", "OFF"]);
  });
});

describe("device and key ids", () => {
  it(`are [a-z0-9_-] up to ${ID_MAX_LENGTH} characters, and the pattern says the same`, () => {
    for (const good of ["a", "heladera-1", "sim_riego", "x".repeat(32), "0-_9"]) {
      expect(isValidId(good), good).toBe(true);
      expect(new RegExp(ID_PATTERN_SOURCE).test(good)).toBe(true);
    }
    expect(ID_PATTERN_SOURCE).toBe("^[a-z0-9_-]{1,32}$");
    for (const bad of ["", "A", "a/b", "a+", "#", "x".repeat(33), "ñ", "a b", "é", "{", "`", 7, null]) {
      expect(isValidId(bad), String(bad)).toBe(false);
    }
  });
});
