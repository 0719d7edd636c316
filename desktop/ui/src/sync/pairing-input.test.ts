import { describe, expect, it } from "vitest";
import { displayPairingCode, parseCloudUrl, parsePairingCode } from "./pairing-input.js";

describe("pairing code as typed at the till", () => {
  it("accepts the code with or without the space, and uppercases it", () => {
    expect(parsePairingCode("ABCD EFGH")).toEqual({ ok: true, value: "ABCDEFGH" });
    expect(parsePairingCode("abcdefgh")).toEqual({ ok: true, value: "ABCDEFGH" });
    expect(parsePairingCode("  abcd-efgh ")).toEqual({ ok: true, value: "ABCDEFGH" });
    expect(parsePairingCode("k7m2 p9qx")).toEqual({ ok: true, value: "K7M2P9QX" });
  });

  it("refuses an empty code, a code of the wrong length, and characters the dashboard never shows", () => {
    expect(parsePairingCode("   ")).toEqual({ ok: false, problem: "required" });
    expect(parsePairingCode("ABCD EFG")).toEqual({ ok: false, problem: "length" });
    expect(parsePairingCode("ABCD EFGHJ")).toEqual({ ok: false, problem: "length" });
    // 0, O, 1, I and L are left out of the alphabet because they are easy to misread.
    expect(parsePairingCode("ABCD EFG0")).toEqual({ ok: false, problem: "characters" });
    expect(parsePairingCode("ABCD EFGO")).toEqual({ ok: false, problem: "characters" });
    expect(parsePairingCode("ABCD EFG1")).toEqual({ ok: false, problem: "characters" });
    expect(parsePairingCode("ABCD-EF.H")).toEqual({ ok: false, problem: "characters" });
  });

  it("shows what is typed uppercase and grouped 4 + 4 like the dashboard", () => {
    expect(displayPairingCode("abc")).toBe("ABC");
    expect(displayPairingCode("abcd")).toBe("ABCD");
    expect(displayPairingCode("abcde")).toBe("ABCD E");
    expect(displayPairingCode("abcdefgh")).toBe("ABCD EFGH");
    expect(displayPairingCode("ABCD EFGH")).toBe("ABCD EFGH");
    expect(displayPairingCode("ab-cd ef gh")).toBe("ABCD EFGH");
    // Too long is shown whole (not cut), so the length problem is visible rather than silently "fixed".
    expect(displayPairingCode("abcdefghj")).toBe("ABCD EFGHJ");
  });
});

describe("cloud address as typed at the till", () => {
  it("accepts http and https addresses, trimmed and without a trailing slash", () => {
    expect(parseCloudUrl("https://nube.mostrador.com.ar")).toEqual({
      ok: true,
      value: "https://nube.mostrador.com.ar",
    });
    expect(parseCloudUrl("  http://192.168.0.10:8430/ ")).toEqual({
      ok: true,
      value: "http://192.168.0.10:8430",
    });
    expect(parseCloudUrl("https://ejemplo.com/nube//")).toEqual({
      ok: true,
      value: "https://ejemplo.com/nube",
    });
  });

  it("asks for the scheme when it is missing or not http(s)", () => {
    expect(parseCloudUrl("nube.mostrador.com.ar")).toEqual({ ok: false, problem: "scheme" });
    expect(parseCloudUrl("localhost:8430")).toEqual({ ok: false, problem: "scheme" });
    expect(parseCloudUrl("ftp://nube.mostrador.com.ar")).toEqual({ ok: false, problem: "scheme" });
    expect(parseCloudUrl("javascript:alert(1)")).toEqual({ ok: false, problem: "scheme" });
  });

  it("refuses an empty, malformed or absurdly long address", () => {
    expect(parseCloudUrl("")).toEqual({ ok: false, problem: "required" });
    expect(parseCloudUrl("https://")).toEqual({ ok: false, problem: "invalid" });
    expect(parseCloudUrl("https://nube ejemplo.com")).toEqual({ ok: false, problem: "invalid" });
    expect(parseCloudUrl(`https://${"a".repeat(300)}.com`)).toEqual({ ok: false, problem: "too_long" });
  });
});
