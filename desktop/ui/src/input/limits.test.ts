import { MAX_AMOUNT, MAX_LINE_GRAMS, MAX_LINE_UNITS } from "@mostrador/contracts/limits";
import { describe, expect, it } from "vitest";
import { translate } from "../i18n/i18n.js";
import { type NumberField, readNumber } from "./limits.js";

/** The sentence a cashier reads under the field, in Spanish (es-AR) or English. */
const said = (text: string, field: NumberField, locale: "es-AR" | "en" = "es-AR") => {
  const result = readNumber(text, field, locale);
  return result.ok ? result.value : translate(locale, result.problem.key, result.problem.vars);
};

describe("the till's numeric fields say their real limits", () => {
  it("a quantity of 0 is refused as zero, not as too large; the maximum is the shared line limit", () => {
    expect(said("0", "units")).toBe("La cantidad debe ser mayor que 0");
    expect(said("99999999", "units")).toBe(
      `Máximo ${new Intl.NumberFormat("es-AR").format(MAX_LINE_UNITS)} unidades`,
    );
    expect(said("99999999", "units")).toBe("Máximo 100.000 unidades");
    expect(said(String(MAX_LINE_UNITS), "units")).toBe(MAX_LINE_UNITS);
    expect(said("3", "units")).toBe(3);
    expect(said("0", "units", "en")).toBe("The quantity must be more than 0");
    expect(said("99999999", "units", "en")).toBe("At most 100,000 units");
  });

  it("weights in grams or kilograms", () => {
    expect(said("0", "grams")).toBe("El peso debe ser mayor que 0");
    expect(said("0,000", "kilograms")).toBe("El peso debe ser mayor que 0");
    expect(said(String(MAX_LINE_GRAMS + 1), "grams")).toBe("Máximo 1.000.000 g (1.000 kg)");
    expect(said("1000,001", "kilograms")).toBe("Máximo 1.000.000 g (1.000 kg)");
    expect(said("1,250", "kilograms")).toBe(1250);
  });

  it("discounts, payments, cash in/out, float and counted cash", () => {
    expect(said("0", "percent")).toBe("El descuento debe ser mayor que 0 %");
    expect(said("100,01", "percent")).toBe("Máximo 100 %");
    expect(said("0", "discountAmount")).toBe("El importe debe ser mayor que $\u00a00,00");
    expect(said("0", "payment")).toBe("El importe debe ser mayor que $\u00a00,00");
    expect(said("99999999999", "payment")).toBe("Máximo $\u00a010.000.000.000,00");
    expect(said("999999999999999999", "cash")).toBe("Máximo $\u00a010.000.000.000,00");
    expect(said("0", "cash")).toBe(0);
    expect(said("10.000.000.000", "cash")).toBe(MAX_AMOUNT);
    expect(said("99999999999", "payment", "en")).toBe("At most ARS\u00a010,000,000,000.00");
  });

  it("keeps the format messages for text that is not a number", () => {
    expect(said("", "units")).toBe("Falta el valor");
    expect(said("1,5", "units")).toBe("Demasiados decimales");
    expect(said("-1", "payment")).toBe("No puede ser negativo");
    expect(said("abc", "cash")).toBe("No es un número válido");
  });
});
