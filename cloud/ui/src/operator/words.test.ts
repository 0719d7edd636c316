import { dictionaryProblems } from "@mostrador/contracts/icu";
import { describe, expect, it } from "vitest";
import { operatorEn } from "./words-en.js";
import { operatorEs } from "./words-es.js";

describe("the operator console's dictionaries", () => {
  it("parse as ICU messages and give English the same arguments as Spanish", () => {
    expect(dictionaryProblems({ "es-AR": operatorEs, en: operatorEn }, "es-AR")).toEqual([]);
  });
});
