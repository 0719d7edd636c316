import { describe, expect, it } from "vitest";
import { MAX_COMMAND_BYTES, parseRelayCommand, serializeRelayCommand } from "./relay-command.js";

const parse = (text: string) => parseRelayCommand(Buffer.from(text));

describe("relay command payloads", () => {
  it("reads ON, OFF and the JSON form with an optional duration for ON", () => {
    expect(parse("ON")).toEqual({ ok: true, value: { state: "ON" } });
    expect(parse(" OFF\n")).toEqual({ ok: true, value: { state: "OFF" } });
    expect(parse('{"state":"ON","seconds":600}')).toEqual({ ok: true, value: { state: "ON", seconds: 600 } });
    expect(parse('{"state":"OFF"}')).toEqual({ ok: true, value: { state: "OFF" } });
    expect(parseRelayCommand("ON")).toEqual({ ok: true, value: { state: "ON" } });
  });

  it("names why a command is refused, in Spanish", () => {
    const refusals: [string, string][] = [
      ["on", "not_a_command"],
      ["1", "not_a_command"],
      ["", "not_a_command"],
      ["{", "not_a_command"],
      ["[]", "not_a_command"],
      ["null", "not_a_command"],
      ['{"seconds":5}', "not_a_command"],
      ['{"state":"TOGGLE"}', "not_a_command"],
      ['{"state":"ON","extra":1}', "unknown_field"],
      ['{"state":"ON","seconds":0}', "bad_seconds"],
      ['{"state":"ON","seconds":1.5}', "bad_seconds"],
      ['{"state":"ON","seconds":86401}', "bad_seconds"],
      ['{"state":"ON","seconds":"600"}', "bad_seconds"],
      ['{"state":"OFF","seconds":5}', "seconds_only_for_on"],
      [`ON${" ".repeat(MAX_COMMAND_BYTES)}`, "too_long"],
      ["ñ".repeat(MAX_COMMAND_BYTES / 2 + 1), "too_long"],
    ];
    for (const [text, code] of refusals) {
      const parsed = parse(text);
      expect(parsed, text).toMatchObject({ ok: false, error: { code } });
      if (!parsed.ok) expect(parsed.error.message, text).toMatch(/^La (orden|duración)/);
    }
    expect(parse(`ON${" ".repeat(MAX_COMMAND_BYTES - 2)}`).ok).toBe(true);
  });

  it("serializes the bare word without a duration and JSON with one, and parses it back", () => {
    for (const command of [{ state: "ON" }, { state: "OFF" }, { state: "ON", seconds: 600 }] as const) {
      expect(parseRelayCommand(serializeRelayCommand(command))).toEqual({ ok: true, value: command });
    }
    expect(serializeRelayCommand({ state: "ON", seconds: 600 })).toBe('{"state":"ON","seconds":600}');
    expect(serializeRelayCommand({ state: "OFF" })).toBe("OFF");
  });
});
