/**
 * A variant's name is its model's name and its values: "Remera lisa · M / Negro". The till's line, the
 * receipt, pickers and reports all read the products row's name, so it is written there (and rewritten
 * when the model is renamed) rather than put together by each screen.
 */
export function variantName(modelName: string, values: readonly string[]): string {
  return `${modelName} · ${values.join(" / ")}`;
}

/**
 * A SKU for a cell nobody gave one to: the model's SKU and the values, each kept to letters and digits
 * without accents ("REM-01" + ["M", "Azul marino"] → "REM-01-M-AZULMARINO"), cut to `max` characters.
 */
export function derivedSku(modelSku: string, values: readonly string[], max: number): string {
  const parts = values.map((v) =>
    v
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .replace(/[^A-Za-z0-9]/g, "")
      .toUpperCase(),
  );
  return [modelSku, ...parts.map((p) => p || "X")].join("-").slice(0, max);
}
