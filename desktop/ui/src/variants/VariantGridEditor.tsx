import { ApiError } from "@mostrador/contracts/http-client";
import type { VariantCell, VariantCellInput, VariantGrid } from "@mostrador/contracts/http/catalog";
import { useState } from "react";
import { patch, put } from "../api/client.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { AxesFields } from "./AxesFields.js";
import {
  axesOf,
  axisFormsOf,
  type CellForm,
  cellFormOf,
  cellPatch,
  type GridProblem,
  isGridProblem,
} from "./grid-form.js";
import "./variants.css";

interface Props {
  grid: VariantGrid;
  onChange: (grid: VariantGrid) => void;
}

/**
 * A model's axes and its grid in the product editor: add or remove values (new cells appear, removed
 * ones turn off), and per variant its SKU, barcodes, own price (empty follows the model's) and active flag.
 */
export function VariantGridEditor({ grid, onChange }: Props) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const [axes, setAxes] = useState(() => axisFormsOf(grid.axes));
  const [forms, setForms] = useState<Record<string, CellForm>>(() =>
    Object.fromEntries(grid.cells.map((c) => [c.variantId, cellFormOf(c)])),
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reset = (next: VariantGrid) => {
    setAxes(axisFormsOf(next.axes));
    setForms(Object.fromEntries(next.cells.map((c) => [c.variantId, cellFormOf(c)])));
    onChange(next);
  };

  const problemText = (p: GridProblem) => {
    if (!("reason" in p)) return t("input.empty");
    return p.reason === "barcode" ? t("input.barcode") : t(`input.${p.reason}` as const);
  };

  const run = async (work: () => Promise<VariantGrid | null>) => {
    setBusy(true);
    setError(null);
    try {
      const next = await work();
      if (next) {
        reset(next);
        notify("info", t("variants.saved"));
      }
    } catch (e) {
      // A refusal from the API in the shop's words; a problem this screen found names its variant itself.
      setError(e instanceof Error && !("code" in e) ? e.message : format.error(e));
    } finally {
      setBusy(false);
    }
  };

  const saveAxes = () =>
    run(async () => {
      const body = axesOf(axes);
      if (isGridProblem(body)) {
        setError(problemText(body));
        return null;
      }
      return put<VariantGrid>(`/api/products/${encodeURIComponent(grid.model.id)}/variant-axes`, {
        axes: body,
      });
    });

  // One request for every changed cell: the appliance saves them all or none (a barcode in two cells,
  // or another product's, refuses the whole save and names the cell).
  const saveCells = () =>
    run(async () => {
      const cells: VariantCellInput[] = [];
      for (const cell of grid.cells) {
        const form = forms[cell.variantId];
        const body = form ? cellPatch(cell, form) : null;
        if (body === null) continue;
        if (isGridProblem(body)) throw new Error(`${cell.values.join(" / ")}: ${problemText(body)}`);
        cells.push({ values: cell.values, ...body });
      }
      if (cells.length === 0) return null;
      try {
        return await patch<VariantGrid>(`/api/products/${encodeURIComponent(grid.model.id)}/variants`, {
          cells,
        });
      } catch (e) {
        // Name the variant in every language: "M / Negro: El código … ya es de …".
        const cell = e instanceof ApiError ? e.details.cell : undefined;
        const text = format.error(e);
        if (typeof cell !== "string" || text.startsWith(cell)) throw e;
        throw new Error(`${cell}: ${text}`, { cause: e });
      }
    }).catch(() => {});

  const set = (cell: VariantCell, field: keyof CellForm, value: string | boolean) =>
    setForms((f) => ({
      ...f,
      [cell.variantId]: { ...(f[cell.variantId] ?? cellFormOf(cell)), [field]: value },
    }));

  const shown = grid.cells.filter((c) => c.active || forms[c.variantId]?.active === false);
  return (
    <section className="variant-grid-editor" data-testid="variant-grid-editor">
      <h3>{t("variants.axes")}</h3>
      <AxesFields axes={axes} onChange={setAxes} fixedCount />
      <button type="button" disabled={busy} data-testid="axes-save" onClick={() => void saveAxes()}>
        {t("variants.saveAxes")}
      </button>
      <h3>{t("variants.grid")}</h3>
      <table>
        <thead>
          <tr>
            <th>{t("variants.values")}</th>
            <th>{t("variants.sku")}</th>
            <th>{t("variants.barcode")}</th>
            <th>{t("variants.price")}</th>
            <th>{t("variants.onHandColumn")}</th>
            <th>{t("variants.active")}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((cell) => {
            const form = forms[cell.variantId] ?? cellFormOf(cell);
            const label = cell.values.join(" / ");
            return (
              <tr key={cell.variantId} data-testid="grid-row" data-values={label}>
                <td>{label}</td>
                <td>
                  <input
                    type="text"
                    maxLength={40}
                    aria-label={`${t("variants.sku")} ${label}`}
                    value={form.sku}
                    data-testid="grid-sku"
                    onChange={(e) => set(cell, "sku", e.target.value)}
                  />
                </td>
                <td>
                  <input
                    type="text"
                    maxLength={400}
                    aria-label={`${t("variants.barcode")} ${label}`}
                    value={form.barcodes}
                    data-testid="grid-barcode"
                    onChange={(e) => set(cell, "barcodes", e.target.value)}
                  />
                </td>
                <td>
                  <input
                    type="text"
                    inputMode="decimal"
                    maxLength={20}
                    aria-label={`${t("variants.price")} ${label}`}
                    placeholder={format.money(grid.model.price)}
                    value={form.price}
                    data-testid="grid-price"
                    onChange={(e) => set(cell, "price", e.target.value)}
                  />
                </td>
                <td>{format.quantity(cell.onHand, grid.model.unit)}</td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${t("variants.active")} ${label}`}
                    checked={form.active}
                    data-testid="grid-active"
                    onChange={(e) => set(cell, "active", e.target.checked)}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ErrorText text={error} testId="variant-grid-error" />
      <button
        type="button"
        className="primary"
        disabled={busy}
        data-testid="grid-save"
        onClick={() => void saveCells()}
      >
        {t("variants.saveGrid")}
      </button>
    </section>
  );
}
