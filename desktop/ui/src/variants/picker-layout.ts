import type { VariantCell, VariantGrid } from "@mostrador/contracts/http/catalog";

/**
 * How the till lays out a model's variants: two axes are a table (first axis down, second across,
 * Talle × Color); one axis, or three and more, a list. Cells of values the model no longer lists are
 * left out; cells turned off are shown, disabled.
 */
export type PickerLayout =
  | { kind: "matrix"; rows: string[]; columns: string[]; cells: (VariantCell | null)[][] }
  | { kind: "list"; cells: VariantCell[][] };

const key = (v: string) => v.toLocaleLowerCase("es-AR");

export function pickerLayout(grid: VariantGrid): PickerLayout {
  const listed = grid.cells.filter((c) =>
    c.values.every((v, i) => grid.axes[i]?.values.some((x) => key(x) === key(v)) ?? false),
  );
  const [first, second] = grid.axes;
  if (grid.axes.length === 2 && first && second) {
    const find = (r: string, c: string) =>
      listed.find((cell) => key(cell.values[0] ?? "") === key(r) && key(cell.values[1] ?? "") === key(c)) ??
      null;
    return {
      kind: "matrix",
      rows: first.values,
      columns: second.values,
      cells: first.values.map((r) => second.values.map((c) => find(r, c))),
    };
  }
  return { kind: "list", cells: listed.map((c) => [c]) };
}

export interface Cursor {
  row: number;
  col: number;
}

const cellsOf = (layout: PickerLayout): (VariantCell | null)[][] => layout.cells;
const usable = (layout: PickerLayout, at: Cursor) => cellsOf(layout)[at.row]?.[at.col]?.active === true;

/** The first cell that can be sold, reading row by row; null when none can. */
export function firstCursor(layout: PickerLayout): Cursor | null {
  const rows = cellsOf(layout);
  for (let row = 0; row < rows.length; row++) {
    for (let col = 0; col < (rows[row]?.length ?? 0); col++)
      if (usable(layout, { row, col })) return { row, col };
  }
  return null;
}

const STEPS: Record<string, Cursor> = {
  ArrowUp: { row: -1, col: 0 },
  ArrowDown: { row: 1, col: 0 },
  ArrowLeft: { row: 0, col: -1 },
  ArrowRight: { row: 0, col: 1 },
};

/** An arrow moves to the next cell that can be sold in its direction, skipping disabled ones; else stays. */
export function moveCursor(layout: PickerLayout, at: Cursor, arrow: string): Cursor {
  const step = STEPS[arrow];
  if (!step) return at;
  const rows = cellsOf(layout);
  let next = { row: at.row + step.row, col: at.col + step.col };
  while (
    next.row >= 0 &&
    next.row < rows.length &&
    next.col >= 0 &&
    next.col < (rows[next.row]?.length ?? 0)
  ) {
    if (usable(layout, next)) return next;
    next = { row: next.row + step.row, col: next.col + step.col };
  }
  return at;
}
