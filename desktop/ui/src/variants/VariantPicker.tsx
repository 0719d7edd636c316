import type { Product, VariantCell, VariantGrid } from "@mostrador/contracts/http/catalog";
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import { get } from "../api/client.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { Dialog } from "../shared/Dialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { type Cursor, firstCursor, moveCursor, pickerLayout } from "./picker-layout.js";
import "./variants.css";

interface Props {
  modelId: string;
  /** Shown while the grid loads. */
  name: string;
  onPick: (variant: Product) => void;
  onClose: () => void;
}

/**
 * The till's variant picker: a model's cells as a table (Talle down, Color across) or a list, each with
 * its stock; arrows move between the cells that can be sold, Enter or a tap picks, Esc closes.
 */
export function VariantPicker({ modelId, name, onPick, onClose }: Props) {
  const t = useT();
  const format = useFormat();
  const [grid, setGrid] = useState<VariantGrid | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cursor, setCursor] = useState<Cursor | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const layout = useMemo(() => (grid ? pickerLayout(grid) : null), [grid]);

  useEffect(() => {
    get<VariantGrid>(`/api/products/${encodeURIComponent(modelId)}/variants`)
      .then((g) => setGrid(g))
      .catch((e: unknown) => setError(format.error(e)));
  }, [modelId]);

  useEffect(() => {
    if (layout) setCursor(firstCursor(layout));
  }, [layout]);

  // The cursor's button holds the keyboard, so Enter is that button's click.
  useEffect(() => {
    if (cursor)
      box.current?.querySelector<HTMLElement>(`[data-cursor="${cursor.row}-${cursor.col}"]`)?.focus();
  }, [cursor]);

  const pick = async (cell: VariantCell) => {
    try {
      onPick(await get<Product>(`/api/products/${encodeURIComponent(cell.variantId)}`));
    } catch (e) {
      setError(format.error(e));
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!layout || !cursor || !e.key.startsWith("Arrow")) return;
    e.preventDefault();
    setCursor(moveCursor(layout, cursor, e.key));
  };

  const button = (cell: VariantCell | null, row: number, col: number, label: string) =>
    cell ? (
      <button
        type="button"
        className={cursor?.row === row && cursor.col === col ? "variant-cell cursor" : "variant-cell"}
        disabled={!cell.active}
        data-cursor={`${row}-${col}`}
        data-testid="variant-cell"
        data-values={cell.values.join(" / ")}
        onFocus={() => setCursor({ row, col })}
        onClick={() => void pick(cell)}
      >
        <span className="variant-label">{label}</span>
        <span className="variant-stock">
          {cell.active
            ? t("variants.onHand", { n: format.quantity(cell.onHand, grid?.model.unit ?? "each") })
            : t("variants.off")}
        </span>
        {!cell.priceFollowsModel && <span className="variant-price">{format.money(cell.price)}</span>}
      </button>
    ) : (
      <span className="variant-cell empty" aria-hidden="true">
        –
      </span>
    );

  return (
    <Dialog
      title={t("variants.pick", { name: grid?.model.name ?? name })}
      testId="variant-picker"
      onClose={onClose}
      wide
    >
      <div ref={box} className="variant-picker" onKeyDown={onKeyDown}>
        {layout?.kind === "matrix" && (
          <table className="variant-matrix">
            <thead>
              <tr>
                <th />
                {layout.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {layout.rows.map((r, row) => (
                <tr key={r}>
                  <th scope="row">{r}</th>
                  {layout.cells[row]?.map((cell, col) => (
                    <td key={layout.columns[col]}>
                      {button(cell, row, col, `${r} / ${layout.columns[col]}`)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {layout?.kind === "list" && (
          <div className="variant-list">
            {layout.cells.map(([cell], row) => (
              <div key={cell?.variantId}>{cell ? button(cell, row, 0, cell.values.join(" / ")) : null}</div>
            ))}
          </div>
        )}
        {layout && !cursor && <p className="muted">{t("variants.none")}</p>}
      </div>
      <ErrorText text={error} testId="variant-picker-error" />
      <div className="actions">
        <button type="button" onClick={onClose}>
          {t("common.cancel")}
        </button>
      </div>
    </Dialog>
  );
}
