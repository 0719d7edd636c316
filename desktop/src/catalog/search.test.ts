import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { generateCatalog } from "../seed/synthetic-catalog.js";
import { createCategory } from "./categories.js";
import { updateProduct } from "./product-writes.js";
import { RANKED_HITS, searchProducts, toFtsQuery } from "./search.js";
import { makeProduct } from "./test-catalog.js";

const names = (page: { items: { name: string }[] }) => page.items.map((p) => p.name);

describe("catalog search", () => {
  let t: TestCore;
  beforeEach(() => {
    t = openTestCore();
  });
  afterEach(() => t.close());

  it("finds Azúcar when the cashier types azucar, and by word prefix", () => {
    makeProduct(t, { name: "Azúcar Ledesma 1 kg" });
    makeProduct(t, { name: "Arroz Gallo Oro 1 kg" });
    expect(names(searchProducts(t, { q: "azucar" }))).toEqual(["Azúcar Ledesma 1 kg"]);
    expect(names(searchProducts(t, { q: "AZÚC led" }))).toEqual(["Azúcar Ledesma 1 kg"]);
    expect(names(searchProducts(t, { q: "gall" }))).toEqual(["Arroz Gallo Oro 1 kg"]);
  });

  it("searches the SKU too", () => {
    makeProduct(t, { name: "Yerba Playadito", sku: "YER-PLA-1" });
    expect(names(searchProducts(t, { q: "yer-pla" }))).toEqual(["Yerba Playadito"]);
  });

  it("never throws on FTS syntax typed by a person", () => {
    makeProduct(t, { name: "Leche AND Cacao" });
    for (const q of [
      '"',
      "AND",
      "leche AND",
      "(",
      ")",
      "*",
      "-",
      "leche -cacao",
      "NEAR(a b)",
      "name:leche",
      "'; DROP",
      "^",
      "a OR",
      "\u0000",
    ]) {
      expect(() => searchProducts(t, { q })).not.toThrow();
    }
    expect(names(searchProducts(t, { q: '"leche" AND (cacao*' }))).toEqual(["Leche AND Cacao"]);
    expect(toFtsQuery("***")).toBeNull();
  });

  it("ranks a name match above a match found only in the SKU", () => {
    makeProduct(t, { name: "Galletitas de agua", sku: "LECHE-2" });
    makeProduct(t, { name: "Leche entera", sku: "LAC-1" });
    expect(names(searchProducts(t, { q: "leche" }))[0]).toBe("Leche entera");
  });

  it("lists by name, accents ignored in the order, when the query is empty", () => {
    for (const name of ["Zapallo", "Azúcar", "Aceite", "ñoquis"]) makeProduct(t, { name });
    expect(names(searchProducts(t, { q: "  " }))).toEqual(["Aceite", "Azúcar", "ñoquis", "Zapallo"]);
    expect(names(searchProducts(t, {}))).toEqual(["Aceite", "Azúcar", "ñoquis", "Zapallo"]);
  });

  it("lists names starting with a single typed letter", () => {
    for (const name of ["Azúcar", "Agua", "Sal gruesa", "Harina"]) makeProduct(t, { name });
    expect(names(searchProducts(t, { q: "a" }))).toEqual(["Agua", "Azúcar"]);
  });

  it("pages results and reports the total", () => {
    for (let i = 0; i < 7; i++) makeProduct(t, { name: `Alfajor ${i}` });
    const page = searchProducts(t, { q: "alfajor", limit: 3, offset: 3 });
    expect(page.total).toBe(7);
    expect(page.items).toHaveLength(3);
    const all = [0, 3, 6].flatMap((offset) => names(searchProducts(t, { q: "alfajor", limit: 3, offset })));
    expect(new Set(all).size).toBe(7);
  });

  it("filters by category and by active", () => {
    const bebidas = createCategory(t, { name: "Bebidas" });
    makeProduct(t, { name: "Agua mineral", categoryId: bebidas.id });
    const old = makeProduct(t, { name: "Agua saborizada", categoryId: bebidas.id });
    makeProduct(t, { name: "Agua lavandina" });
    updateProduct(t, old.id, { active: false });
    expect(names(searchProducts(t, { q: "agua", categoryId: bebidas.id }))).toEqual([
      "Agua mineral",
      "Agua saborizada",
    ]);
    expect(searchProducts(t, { q: "agua", active: true }).total).toBe(2);
    expect(names(searchProducts(t, { q: "agua", active: false }))).toEqual(["Agua saborizada"]);
    expect(searchProducts(t, { active: true }).total).toBe(2);
    expect(searchProducts(t, { q: "agua", categoryId: bebidas.id, active: true }).total).toBe(1);
  });

  it("answers a broad query with names starting with the word first, then the other hits, exact total", () => {
    generateCatalog(t, RANKED_HITS * 3);
    makeProduct(t, { name: "Genovesa", sku: "PAN-1" });
    makeProduct(t, { name: "Agua Villa del Sur", sku: "GEN-AGUA" });
    makeProduct(t, { name: "Gengibre", sku: "VER-1" });
    const page = searchProducts(t, { q: "gen", limit: 20 });
    expect(page.total).toBe(RANKED_HITS * 3 + 3);
    expect(names(page).slice(0, 2)).toEqual(["Gengibre", "Genovesa"]);
    expect(page.items.slice(2).map((p) => p.sku)).toEqual(
      Array.from({ length: 18 }, (_, i) => `GEN-${i + 1}`),
    );
    // Pages are seamless across the two parts.
    const second = searchProducts(t, { q: "gen", limit: 20, offset: 1 });
    expect(second.items.map((p) => p.id)).toEqual(
      [...page.items.slice(1), ...second.items.slice(19)].map((p) => p.id),
    );
    const deep = searchProducts(t, { q: "gen", limit: 5, offset: 22 });
    expect(deep.items.map((p) => p.sku)).toEqual(["GEN-21", "GEN-22", "GEN-23", "GEN-24", "GEN-25"]);
    expect(searchProducts(t, { q: "gen", active: true, limit: 5 }).total).toBe(RANKED_HITS * 3 + 3);
    expect(searchProducts(t, { q: "galletitas", limit: 5 }).total).toBe(RANKED_HITS / 10);
  });
});
