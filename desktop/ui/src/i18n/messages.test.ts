import { dictionaryProblems } from "@mostrador/contracts/icu";
import { describe, expect, it } from "vitest";
import { en } from "./en.js";
import { es } from "./es.js";

describe("the dictionaries", () => {
  it("parse as ICU messages, and each English message takes the same arguments as the Spanish one", () => {
    expect(dictionaryProblems({ "es-AR": es, en }, "es-AR")).toEqual([]);
  });

  it("put a counted noun in a plural form, never a number glued to a plural word", () => {
    // "{n} devoluciones" reads "1 devoluciones"; the plural argument picks "1 devolución".
    const numberBeforePluralWord = /\{(n|count|total|online|accepted)\} [a-záéíóúñ]+s\b/i;
    for (const dictionary of [es, en])
      expect(
        Object.entries(dictionary).filter(([, message]) => numberBeforePluralWord.test(message)),
      ).toEqual([]);
  });
});
