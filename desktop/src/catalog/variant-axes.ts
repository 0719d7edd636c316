import type { VariantAxis } from "@mostrador/contracts/http/catalog";
import {
  AXIS_NAME_MAX,
  AXIS_VALUE_MAX,
  MAX_AXIS_VALUES,
  MAX_VARIANT_AXES,
  MAX_VARIANT_CELLS,
} from "@mostrador/contracts/limits";
import { DomainError } from "@mostrador/kernel/core/errors";

const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError("invalid", code, message, details);

const tidy = (value: unknown): string => (typeof value === "string" ? value.trim().replace(/\s+/g, " ") : "");
/** "negro" and "Negro" are one value to a shop: compared without case or accents. */
export const valueKey = (value: string): string =>
  value.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase("es-AR");

/**
 * Validates the axes a shop names (any names: Talle, Color, Largo) and their values: none empty, none
 * repeated within its list, and a grid of at most MAX_VARIANT_CELLS cells.
 */
export function cleanAxes(value: unknown): VariantAxis[] {
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_VARIANT_AXES) {
    throw invalid(
      "invalid_axes",
      `Un producto con variantes lleva de 1 a ${MAX_VARIANT_AXES} ejes (ej.: Talle, Color)`,
    );
  }
  const names = new Set<string>();
  const axes = value.map((raw: unknown, i): VariantAxis => {
    const axis = (raw ?? {}) as { name?: unknown; values?: unknown };
    const name = tidy(axis.name);
    if (name.length < 1 || name.length > AXIS_NAME_MAX) {
      throw invalid(
        "invalid_axis_name",
        `El eje ${i + 1} necesita un nombre de 1 a ${AXIS_NAME_MAX} caracteres`,
      );
    }
    if (names.has(valueKey(name))) throw invalid("duplicate_axis", `El eje "${name}" está repetido`);
    names.add(valueKey(name));
    if (!Array.isArray(axis.values) || axis.values.length < 1 || axis.values.length > MAX_AXIS_VALUES) {
      throw invalid("invalid_axis_values", `"${name}" necesita de 1 a ${MAX_AXIS_VALUES} valores`);
    }
    const seen = new Set<string>();
    const values = axis.values.map((v: unknown) => {
      const text = tidy(v);
      if (text.length < 1) throw invalid("empty_axis_value", `"${name}" tiene un valor vacío`);
      if (text.length > AXIS_VALUE_MAX) {
        throw invalid(
          "invalid_axis_value",
          `El valor "${text.slice(0, 40)}" de "${name}" pasa de ${AXIS_VALUE_MAX} caracteres`,
        );
      }
      if (seen.has(valueKey(text))) {
        throw invalid("duplicate_axis_value", `El valor "${text}" está repetido en "${name}"`, {
          axis: name,
          value: text,
        });
      }
      seen.add(valueKey(text));
      return text;
    });
    return { name, values };
  });
  const cells = axes.reduce((n, a) => n * a.values.length, 1);
  if (cells > MAX_VARIANT_CELLS) {
    throw invalid(
      "too_many_variants",
      `La grilla tendría ${cells} variantes; el máximo por producto es ${MAX_VARIANT_CELLS}`,
      { cells, max: MAX_VARIANT_CELLS },
    );
  }
  return axes;
}

/** Every cell of the grid, first axis slowest: [["S","Negro"],["S","Rojo"],["M","Negro"],…]. */
export function gridCells(axes: readonly VariantAxis[]): string[][] {
  return axes.reduce<string[][]>(
    (cells, axis) => cells.flatMap((c) => axis.values.map((v) => [...c, v])),
    [[]],
  );
}

/** The key that identifies a cell whatever the case or accents typed. */
export const cellKey = (values: readonly string[]): string => JSON.stringify(values.map(valueKey));

/** Where a cell sorts in its grid: axis by axis, a value's position (values no longer listed go last). */
export function cellOrder(axes: readonly VariantAxis[], values: readonly string[]): number[] {
  return values.map((v, i) => {
    const at = axes[i]?.values.findIndex((x) => valueKey(x) === valueKey(v)) ?? -1;
    return at < 0 ? Number.MAX_SAFE_INTEGER : at;
  });
}

/** Whether every value of the cell is still listed on its axis. */
export function cellInAxes(axes: readonly VariantAxis[], values: readonly string[]): boolean {
  return values.length === axes.length && cellOrder(axes, values).every((i) => i !== Number.MAX_SAFE_INTEGER);
}
