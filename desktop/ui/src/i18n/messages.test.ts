import { dictionaryProblems } from "@mostrador/contracts/icu";
import { describe, expect, it } from "vitest";
import { en } from "./en.js";
import { es } from "./es.js";

describe("the dictionaries", () => {
  it("parse as ICU messages, count with plural forms, and give English the same arguments as Spanish", () => {
    expect(dictionaryProblems({ "es-AR": es, en }, "es-AR")).toEqual([]);
  });
});
