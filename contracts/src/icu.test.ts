import { describe, expect, it } from "vitest";
import { compileMessage, dictionaryProblems, formatMessage, messageArguments } from "./icu.js";

describe("ICU messages", () => {
  const attempts = "PIN incorrecto: {n, plural, one {queda # intento} other {quedan # intentos}}";

  it("picks the singular for one and the plural otherwise, by the locale's plural rules", () => {
    expect(formatMessage("es-AR", attempts, { n: 1 })).toBe("PIN incorrecto: queda 1 intento");
    expect(formatMessage("es-AR", attempts, { n: 2 })).toBe("PIN incorrecto: quedan 2 intentos");
    expect(formatMessage("es-AR", attempts, { n: 0 })).toBe("PIN incorrecto: quedan 0 intentos");
    expect(formatMessage("en", "{n, plural, one {# return} other {# returns}}", { n: 1 })).toBe("1 return");
  });

  it("writes the count with the locale's digit grouping", () => {
    expect(formatMessage("es-AR", "{n, plural, one {# producto} other {# productos}}", { n: 12345 })).toBe(
      "12.345 productos",
    );
    expect(formatMessage("en", "{n, plural, one {# product} other {# products}}", { n: 12345 })).toBe(
      "12,345 products",
    );
  });

  it("selects by a value and takes the neutral branch when the value is not known", () => {
    const locked =
      "{gender, select, female {{name} quedó bloqueada} male {{name} quedó bloqueado} other {{name}: usuario bloqueado}}";
    expect(formatMessage("es-AR", locked, { name: "Lucía", gender: "female" })).toBe("Lucía quedó bloqueada");
    expect(formatMessage("es-AR", locked, { name: "Lucía" })).toBe("Lucía: usuario bloqueado");
  });

  it("leaves a missing plain value visible so it gets noticed", () => {
    expect(formatMessage("es-AR", "Hola {who}")).toBe("Hola {who}");
  });

  it("treats angle brackets as text, not tags", () => {
    expect(formatMessage("es-AR", "Temperatura <5 °C en {name}", { name: "Heladera" })).toBe(
      "Temperatura <5 °C en Heladera",
    );
  });

  it("shows a message that does not parse as written instead of throwing", () => {
    const broken = "{n, plural, one {# uno}";
    expect(() => compileMessage(broken, "es-AR")).toThrow();
    expect(formatMessage("es-AR", broken, { n: 1 })).toBe(broken);
  });

  it("lists every argument with how it is used, nested ones included", () => {
    const ast = compileMessage(
      "{total, plural, one {{shown} de # producto} other {{shown} de # productos}}",
      "es-AR",
    ).getAst();
    expect(Object.fromEntries(messageArguments(ast))).toEqual({ total: "plural", shown: "simple" });
  });
});

describe("dictionary check", () => {
  it("finds a message that does not parse, a count glued to a plural word, and an English count that is not plural where Spanish's is", () => {
    const es = {
      items: "{n, plural, one {# artículo} other {# artículos}}",
      hello: "Hola {name}",
      bad: "{n, plural,",
    };
    const en = { items: "{n} items", hello: "Hello {name}", bad: "ok" };
    expect(dictionaryProblems({ "es-AR": es, en }, "es-AR")).toEqual([
      expect.stringMatching(/^es-AR bad: /),
      "en items: a count before a plural word; use {n, plural, one {…} other {…}}",
      "en items: uses {n:simple} where es-AR uses {n:plural}",
    ]);
  });
});
