import { describe, expect, it } from "vitest";
import { describeTextProblem, findTextProblem, textFault, withoutRefusedText } from "./text.js";

describe("text policy", () => {
  it("refuses C0 (TAB, LF, CR aside when multi-line), DEL, C1 and lone surrogates; takes pairs and the rest", () => {
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      const control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
      const surrogate = c >= 0xd800 && c <= 0xdfff;
      expect(textFault(`a${ch}b`) !== null, c.toString(16)).toBe(control || surrogate);
      expect(textFault(`a${ch}b`, true) !== null, c.toString(16)).toBe(
        (control && ch !== "\t" && ch !== "\n" && ch !== "\r") || surrogate,
      );
    }
    expect(textFault("\ud83c\udf5e")).toBeNull();
  });

  it("checks keys as strictly as values", () => {
    expect(findTextProblem({ ok: { "a\u0000": 1 } })).toMatchObject({ path: ["ok", "a\u0000"], inKey: true });
  });

  it("cleans stored text down to what it now accepts, keeping emoji and accents, never leaving it empty", () => {
    expect(withoutRefusedText("Yer\u0000ba\u0007 mate\u009b")).toBe("Yerba mate");
    expect(withoutRefusedText("Café 🧉 x\ud800")).toBe("Café 🧉 x");
    expect(withoutRefusedText("Línea 1\r\nLínea 2")).toBe("Línea 1 Línea 2");
    expect(withoutRefusedText("\u0000\u0001")).toBe("Sin nombre");
    expect(withoutRefusedText("\u0000", "—")).toBe("—");
  });

  it("refuses every C0 control, DEL and every C1 control in single-line text", () => {
    const refused = [
      ...Array.from({ length: 0x20 }, (_, c) => c),
      ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i),
    ];
    for (const c of refused) expect(textFault(`a${String.fromCharCode(c)}b`), c.toString(16)).not.toBeNull();
    expect(refused).toHaveLength(65);
  });

  it("lets TAB, LF and CR through only in multi-line text, and nothing else of C0", () => {
    for (const c of ["\t", "\n", "\r"]) {
      expect(textFault(`a${c}b`)).toEqual({ kind: "line_break", codeUnit: c.charCodeAt(0) });
      expect(textFault(`a${c}b`, true)).toBeNull();
    }
    expect(textFault("a\u0000b", true)).toEqual({ kind: "control", codeUnit: 0 });
    expect(textFault("a\u000bb", true)).toEqual({ kind: "control", codeUnit: 0x0b });
    expect(textFault("a\u0085b", true)).toEqual({ kind: "control", codeUnit: 0x85 });
  });

  it("refuses a lone surrogate, high or low, but not a well-formed pair", () => {
    expect(textFault("\ud800")).toEqual({ kind: "surrogate", codeUnit: 0xd800 });
    expect(textFault("a\udfffb")).toEqual({ kind: "surrogate", codeUnit: 0xdfff });
    expect(textFault("\udc00\ud800")).toEqual({ kind: "surrogate", codeUnit: 0xdc00 });
    expect(textFault("\ud83c")).toEqual({ kind: "surrogate", codeUnit: 0xd83c });
    expect(textFault("Pan 🍞 y café ñandú €")).toBeNull();
    expect(textFault("\u00a0\u00a1\u2028\ufffd")).toBeNull();
  });

  it("finds the first bad string or key anywhere in a JSON value, with its path", () => {
    expect(findTextProblem({ a: [{ b: "ok" }, { c: "x\u0000" }] })).toEqual({
      path: ["a", 1, "c"],
      inKey: false,
      fault: { kind: "control", codeUnit: 0 },
    });
    expect(findTextProblem({ a: { "k\u001f": 1 } })).toMatchObject({ path: ["a", "k\u001f"], inKey: true });
    expect(findTextProblem(["ok", 1, null, true, { n: 2 }])).toBeNull();
    expect(findTextProblem("\ud800")).toMatchObject({ path: [], fault: { kind: "surrogate" } });
  });

  it("walks a deeply nested value without overflowing the stack", () => {
    let deep: unknown = "x\u0001";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findTextProblem(deep)?.path).toHaveLength(200_000);
  });

  it("asks whether each string's path is multi-line", () => {
    const multiline = (path: (string | number)[]) => path.join(".") === "footer";
    expect(findTextProblem({ footer: "a\nb", name: "c" }, multiline)).toBeNull();
    expect(findTextProblem({ footer: "a\nb", name: "c\nd" }, multiline)).toMatchObject({ path: ["name"] });
    expect(findTextProblem({ footer: "a\nb\u0000" }, multiline)).toMatchObject({
      path: ["footer"],
      fault: { kind: "control", codeUnit: 0 },
    });
  });

  it("names the field in Spanish, showing a bad key's characters escaped", () => {
    const message = (value: unknown) => describeTextProblem(findTextProblem(value)!, "body");
    expect(message({ lines: [{ name: "\u0000" }] })).toBe(
      'El campo "lines.0.name" contiene un carácter de control (U+0000), que no se admite',
    );
    expect(message({ name: "a\nb" })).toBe(
      'El campo "name" contiene un salto de línea o tabulación (U+000A), que solo se admite en textos de varias líneas',
    );
    expect(message({ "a\u0000b": 1 })).toBe(
      'El nombre del campo "a\\u0000b" contiene un carácter de control (U+0000), que no se admite',
    );
    expect(message("\udc00")).toBe(
      'El campo "body" contiene un carácter Unicode inválido (U+DC00 suelto, sin su par)',
    );
  });
});
