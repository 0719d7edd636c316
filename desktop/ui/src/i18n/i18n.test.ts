import { describe, expect, it } from "vitest";
import { errorMessage, translate } from "./i18n.js";

describe("dictionaries", () => {
  it("speaks Spanish by default and English when chosen", () => {
    expect(translate("es-AR", "till.pay")).toBe("Cobrar");
    expect(translate("en", "till.pay")).toBe("Pay");
    expect(translate("en", "login.attemptsLeft", { n: 2 })).toBe("Wrong PIN: 2 attempts left");
  });

  it("translates known API error codes in English and falls back to the server's sentence", () => {
    const known = { code: "unknown_barcode", message: "Código desconocido" };
    const unknown = { code: "something_new", message: "Algo nuevo pasó" };
    expect(errorMessage("en", known)).toBe("Unknown barcode");
    expect(errorMessage("es-AR", known)).toBe("Código desconocido");
    expect(errorMessage("en", unknown)).toBe("Algo nuevo pasó");
  });
});
