import { SPREADSHEET_MAX_ERRORS, type RowError } from "@mostrador/contracts/http/spreadsheets";
import { Refusal } from "@mostrador/contracts/refusal";
import { FORMULA_WITHOUT_VALUE, type Table } from "./read-table.js";
import { fileRefusal } from "./sheet-error.js";
import type { Mapping } from "./sheet-mapping.js";

/**
 * Every row's problems, gathered before anything is written: the whole file is checked, and the person
 * sees each bad cell by row and column (the file's own header name) at once.
 */
export class RowErrors {
  readonly list: RowError[] = [];
  constructor(private readonly headers: readonly string[]) {}

  add(row: number, column: number | undefined, message: string): void {
    const name = column === undefined ? "" : this.headers[column] || `Columna ${column + 1}`;
    this.list.push({ row, column: name, message });
  }

  /** Throws the 400 `import_invalid` refusal (first errors in details) when any row was refused. */
  throwIfAny(): void {
    if (this.list.length === 0) return;
    const total = this.list.length;
    throw fileRefusal(
      "import_invalid",
      `El archivo tiene ${total} ${total === 1 ? "error" : "errores"}: no se cambió nada`,
      { errors: this.list.slice(0, SPREADSHEET_MAX_ERRORS), total },
    );
  }
}

/** One row's mapped cells, each read as trimmed text; a formula is refused with its row and column. */
export class SheetRow {
  constructor(
    readonly line: number,
    private readonly cells: readonly string[],
    private readonly mapping: Mapping,
    private readonly errors: RowErrors,
  ) {}

  column(field: string): number | undefined {
    return this.mapping[field];
  }

  has(field: string): boolean {
    return this.mapping[field] !== undefined;
  }

  /** The cell's text, or null when the cell is blank or unusable (already reported). */
  text(field: string): string | null {
    const col = this.mapping[field];
    if (col === undefined) return null;
    const raw = (this.cells[col] ?? "").trim();
    if (raw === FORMULA_WITHOUT_VALUE) {
      this.fail(
        field,
        "La celda tiene una fórmula sin valor guardado: abrí la planilla en Excel y guardala de nuevo",
      );
      return null;
    }
    // A CSV holds no results, only the formula's text: it is never evaluated, and never stored as a name.
    if (raw.startsWith("=")) {
      this.fail(
        field,
        `La celda tiene una fórmula («${raw.slice(0, 30)}»): poné el valor, las fórmulas no se calculan`,
      );
      return null;
    }
    return raw === "" ? null : raw;
  }

  private readonly failed = new Set<string>();

  /** Reports one problem per cell: a formula refused in text() is not also "missing". */
  fail(field: string, message: string): void {
    if (this.failed.has(field)) return;
    this.failed.add(field);
    this.errors.add(this.line, this.mapping[field], message);
  }

  /** Runs a domain check (catalog's clean* functions) and reports its Spanish refusal on this cell. */
  check<T>(field: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (e instanceof Refusal) {
        this.fail(field, e.message);
        return undefined;
      }
      throw e;
    }
  }
}

export function sheetRows(table: Table, mapping: Mapping, errors: RowErrors): SheetRow[] {
  return table.rows.map((r) => new SheetRow(r.line, r.cells, mapping, errors));
}
