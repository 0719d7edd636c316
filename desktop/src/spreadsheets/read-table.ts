import { parse } from "csv-parse/sync";
import type ExcelJS from "exceljs";
import { SPREADSHEET_MAX_BYTES, SPREADSHEET_MAX_ROWS } from "@mostrador/contracts/http/spreadsheets";
import { decodeText } from "./decode-text.js";
import { fileRefusal } from "./sheet-error.js";

/** A file read into text cells: the header row and the rows under it, blank rows dropped. */
export interface Table {
  format: "csv" | "xlsx";
  encoding: string;
  separator: string | null;
  headers: string[];
  /** Each row with its spreadsheet row number (the header is row 1). */
  rows: { line: number; cells: string[] }[];
}

const SEPARATORS = [";", ",", "\t"] as const;

/** The separator of the header line: the candidate found most often outside quotes. */
export function detectSeparator(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const unquoted = firstLine.replace(/"[^"]*"/g, "");
  let best: string = ";";
  let bestCount = 0;
  for (const sep of SEPARATORS) {
    const count = unquoted.split(sep).length - 1;
    if (count > bestCount) [best, bestCount] = [sep, count];
  }
  return best;
}

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isBlank = (cells: string[]) => cells.every((c) => c.trim() === "");

export async function readTable(bytes: Uint8Array): Promise<Table> {
  if (bytes.length > SPREADSHEET_MAX_BYTES) throw tooBig();
  if (bytes.length === 0) throw fileRefusal("empty_file", "El archivo está vacío");
  const table = isZip(bytes) ? await readXlsx(bytes) : readCsv(bytes);
  if (table.rows.length > SPREADSHEET_MAX_ROWS)
    throw fileRefusal(
      "too_many_rows",
      `El archivo tiene ${table.rows.length} filas; el máximo es ${SPREADSHEET_MAX_ROWS}`,
    );
  return table;
}

export const tooBig = () =>
  fileRefusal(
    "file_too_large",
    `El archivo pesa más de ${SPREADSHEET_MAX_BYTES / 1024 / 1024} MB: dividilo en partes más chicas`,
  );

function readCsv(bytes: Uint8Array): Table {
  const { text, encoding } = decodeText(bytes);
  const separator = detectSeparator(text);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: separator,
      relax_column_count: true,
      // A quote inside an unquoted cell (Pulgadas 15", =HIPERVINCULO("…")) is text, as Excel reads it.
      relax_quotes: true,
      skip_empty_lines: true,
      info: false,
    }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw fileRefusal(
      "unreadable_csv",
      `El CSV está mal formado${line ? ` cerca de la fila ${line}` : ""} (¿unas comillas sin cerrar?)`,
    );
  }
  // csv-parse's skip_empty_lines keeps line numbers only with `info`; blank lines are rare, so count rows.
  const [headers = [], ...rest] = records;
  return {
    format: "csv",
    encoding,
    separator,
    headers: headers.map((h) => h.trim()),
    rows: rest.map((cells, i) => ({ line: i + 2, cells })).filter((r) => !isBlank(r.cells)),
  };
}

/**
 * The first worksheet. A formula cell is taken as the value Excel saved with it (its cached result) and
 * never evaluated; a formula without a saved value (a file written by a script) is marked so the row is
 * refused (FORMULA_WITHOUT_VALUE).
 */
async function readXlsx(bytes: Uint8Array): Promise<Table> {
  // Loaded when a sheet is first read, not at the appliance's start (it is hundreds of files).
  const { Workbook } = (await import("exceljs")).default;
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw fileRefusal("unreadable_xlsx", "La planilla XLSX está dañada o no es un archivo de Excel");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw fileRefusal("empty_file", "La planilla no tiene hojas");
  const all: { line: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    all.push({ line, cells: Array.from(cells, (c) => c ?? "") });
  });
  const [header, ...rows] = all;
  return {
    format: "xlsx",
    encoding: "xlsx",
    separator: null,
    headers: (header?.cells ?? []).map((h) => h.trim()),
    rows: rows.filter((r) => !isBlank(r.cells)),
  };
}

/** Marks a formula cell that has no saved result; the row check reports it with its row and column. */
export const FORMULA_WITHOUT_VALUE = "\u0000formula";

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  // Written the es-AR way (decimal comma) so "1,234" reads as the number, never as thousands.
  if (typeof value === "number") return String(value).replace(".", ",");
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "1" : "0";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("formula" in value || "sharedFormula" in value) {
    const result = (value as { result?: ExcelJS.CellValue }).result;
    if (result === undefined || result === null || typeof result === "object") return FORMULA_WITHOUT_VALUE;
    return cellText(result);
  }
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("text" in value) return String(value.text);
  if ("error" in value) return FORMULA_WITHOUT_VALUE;
  return "";
}
