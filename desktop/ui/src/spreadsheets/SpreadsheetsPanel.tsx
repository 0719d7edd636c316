import { useState } from "react";
import {
  type ImportErrors,
  type ImportResult,
  REQUIRED_FIELDS,
  SHEET_FIELDS,
  SHEET_KINDS,
  type SheetKind,
  type SheetPreview,
} from "@mostrador/contracts/http/spreadsheets";
import type { MessageKey } from "../i18n/es.js";
import { useT } from "../i18n/use-i18n.js";
import { useSession } from "../session/session-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { downloadExport, SheetRefusal, uploadSheet } from "./sheet-upload.js";
import "./spreadsheets.css";

type Mapping = Record<string, number | null>;

/**
 * Spreadsheets in and out: choose a file and what it holds, check the suggested columns against a preview,
 * try it (dry run) or import it; every bad cell is listed by row and column and nothing changes.
 */
export function SpreadsheetsPanel({ onImported }: { onImported: () => void }) {
  const t = useT();
  // Stock levels, costs and suppliers are stock.adjust's (the catalog and prices catalog.edit's).
  const canStock = useSession((s) => s.can("stock.adjust"));
  const [kind, setKind] = useState<SheetKind>("products");
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<SheetPreview | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rowErrors, setRowErrors] = useState<ImportErrors | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const reset = () => {
    setError(null);
    setRowErrors(null);
    setDone(null);
  };
  const fail = (e: unknown) => {
    setProgress(null);
    setError(e instanceof Error ? e.message : String(e));
    if (e instanceof SheetRefusal) setRowErrors(e.rows);
  };

  const load = async (chosen: File, k: SheetKind) => {
    reset();
    setPreview(null);
    setProgress(0);
    try {
      const p = await uploadSheet<SheetPreview>(`/api/spreadsheets/preview?kind=${k}`, chosen, setProgress);
      setPreview(p);
      setMapping(p.mapping);
    } catch (e) {
      fail(e);
    }
    setProgress(null);
  };

  const run = async (dryRun: boolean) => {
    if (!file) return;
    reset();
    setProgress(0);
    const chosen = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v !== null));
    const url = `/api/spreadsheets/import?kind=${kind}&dryRun=${dryRun}&mapping=${encodeURIComponent(JSON.stringify(chosen))}`;
    try {
      const r = await uploadSheet<ImportResult>(url, file, setProgress);
      const vars = { created: r.created, updated: r.updated, rows: r.rows };
      setDone(t(dryRun ? "sheets.checked" : "sheets.applied", vars));
      if (!dryRun) onImported();
    } catch (e) {
      fail(e);
    }
    setProgress(null);
  };

  const kinds = SHEET_KINDS.filter((k) => k === "products" || k === "prices" || canStock);
  const hint = kind === "stock" || kind === "costs" ? t(`sheets.hint.${kind}`) : null;
  const required: readonly string[] = REQUIRED_FIELDS[kind];
  return (
    <section className="sheets card" data-testid="sheets-panel">
      <h2>{t("sheets.title")}</h2>
      <div className="row-form">
        <label>
          {t("sheets.kind")}
          <select
            value={kind}
            data-testid="sheet-kind"
            onChange={(e) => {
              const k = e.target.value as SheetKind;
              setKind(k);
              if (file) void load(file, k);
            }}
          >
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`sheets.kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("sheets.file")}
          <input
            type="file"
            accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            data-testid="sheet-file"
            onChange={(e) => {
              const chosen = e.target.files?.[0] ?? null;
              setFile(chosen);
              if (chosen) void load(chosen, kind);
            }}
          />
        </label>
      </div>
      {hint && (
        <p className="muted" data-testid="sheet-hint">
          {hint}
        </p>
      )}
      {progress !== null && (
        <p className="muted" data-testid="sheet-progress">
          <progress max={100} value={progress} /> {t("sheets.uploading", { pct: progress })}
        </p>
      )}
      <ErrorText text={error} testId="sheet-error" />
      {rowErrors && (
        <>
          <h3>{t("sheets.errors")}</h3>
          {rowErrors.total > rowErrors.errors.length && (
            <p className="muted">
              {t("sheets.errorsMore", { shown: rowErrors.errors.length, total: rowErrors.total })}
            </p>
          )}
          <table className="list" data-testid="sheet-errors">
            <thead>
              <tr>
                <th className="num">{t("sheets.row")}</th>
                <th>{t("sheets.column")}</th>
                <th>{t("sheets.problem")}</th>
              </tr>
            </thead>
            <tbody>
              {rowErrors.errors.map((e, i) => (
                <tr key={i} data-testid="sheet-error-row">
                  <td className="num">{e.row}</td>
                  <td>{e.column}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {done && (
        <p className="ok-text" role="status" data-testid="sheet-done">
          {done}
        </p>
      )}
      {preview && (
        <>
          <p className="muted" data-testid="sheet-info">
            {t("sheets.fileInfo", {
              rows: preview.rowCount,
              format: preview.format.toUpperCase(),
              encoding: preview.encoding,
            })}
          </p>
          <h3>{t("sheets.mapping")}</h3>
          <div className="sheets-mapping">
            {SHEET_FIELDS[kind].map((field) => (
              <label key={field}>
                {t(`sheets.field.${field}` as MessageKey)}{" "}
                {required.includes(field) ? t("sheets.required") : ""}
                <select
                  value={mapping[field] ?? ""}
                  data-testid={`sheet-map-${field}`}
                  onChange={(e) =>
                    setMapping({ ...mapping, [field]: e.target.value === "" ? null : Number(e.target.value) })
                  }
                >
                  <option value="">{t("sheets.noColumn")}</option>
                  {preview.headers.map((h, i) => (
                    <option key={i} value={i}>
                      {h || `#${i + 1}`}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          <h3>{t("sheets.preview")}</h3>
          <div className="sheets-preview">
            <table className="list" data-testid="sheet-preview">
              <thead>
                <tr>
                  {preview.headers.map((h, i) => (
                    <th key={i}>{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.sample.map((row, r) => (
                  <tr key={r}>
                    {row.map((c, i) => (
                      <td key={i}>{c}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="row-form">
            <button
              type="button"
              data-testid="sheet-dry-run"
              disabled={progress !== null}
              onClick={() => void run(true)}
            >
              {t("sheets.dryRun")}
            </button>
            <button
              type="button"
              className="primary"
              data-testid="sheet-apply"
              disabled={progress !== null}
              onClick={() => void run(false)}
            >
              {t("sheets.apply")}
            </button>
          </div>
        </>
      )}
      <h3>{t("sheets.export")}</h3>
      <div className="row-form">
        <button
          type="button"
          data-testid="sheet-export-products-csv"
          onClick={() => downloadExport("products", "csv").catch(fail)}
        >
          {t("sheets.exportProductsCsv")}
        </button>
        <button type="button" onClick={() => downloadExport("products", "xlsx").catch(fail)}>
          {t("sheets.exportProductsXlsx")}
        </button>
        {canStock && (
          <>
            <button
              type="button"
              data-testid="sheet-export-stock-csv"
              onClick={() => downloadExport("stock", "csv").catch(fail)}
            >
              {t("sheets.exportStockCsv")}
            </button>
            <button type="button" onClick={() => downloadExport("stock", "xlsx").catch(fail)}>
              {t("sheets.exportStockXlsx")}
            </button>
            <button
              type="button"
              data-testid="sheet-export-costs-csv"
              onClick={() => downloadExport("costs", "csv").catch(fail)}
            >
              {t("sheets.exportCostsCsv")}
            </button>
            <button type="button" onClick={() => downloadExport("costs", "xlsx").catch(fail)}>
              {t("sheets.exportCostsXlsx")}
            </button>
            <button type="button" onClick={() => downloadExport("suppliers", "csv").catch(fail)}>
              {t("sheets.exportSuppliersCsv")}
            </button>
            <button type="button" onClick={() => downloadExport("suppliers", "xlsx").catch(fail)}>
              {t("sheets.exportSuppliersXlsx")}
            </button>
          </>
        )}
      </div>
    </section>
  );
}
