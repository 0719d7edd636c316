import { useEffect, useRef, useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { type EntryLine, lineForCode } from "./line-entry.js";
import { findProduct } from "./purchasing-store.js";

/**
 * Lines of an order or a receipt, keyboard-first: a code field (scanner or typing) that jumps to the
 * line of that product (its quantity selected) or, where new lines are allowed, adds it; then quantity and
 * cost per line, Enter moving from one field to the next.
 */
export function LineEditor({
  lines,
  onChange,
  allowAdd,
  testId,
}: {
  lines: EntryLine[];
  onChange: (lines: EntryLine[]) => void;
  allowAdd: boolean;
  testId: string;
}) {
  const t = useT();
  const format = useFormat();
  const [code, setCode] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const table = useRef<HTMLTableElement>(null);

  // The quantity to focus once its line is on screen: a line just added renders after the parent's
  // state update, which may come after the next frame, so the focus waits for the render that shows it.
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  useEffect(() => {
    if (focusIndex === null) return;
    const input = table.current?.querySelector<HTMLInputElement>(
      `[data-testid="${testId}-qty-${focusIndex}"]`,
    );
    if (!input) return;
    input.focus();
    input.select();
    setFocusIndex(null);
  }, [focusIndex, lines, testId]);
  const focusQuantity = (index: number) => setFocusIndex(index);

  const enterCode = async () => {
    setProblem(null);
    const text = code.trim();
    if (!text) return;
    const index = lineForCode(lines, text);
    if (index >= 0) {
      setCode("");
      focusQuantity(index);
      return;
    }
    if (!allowAdd) {
      setProblem(t("purchasing.notOnOrder", { code: text }));
      return;
    }
    try {
      const product = await findProduct(text);
      if (!product) {
        setProblem(t("purchasing.noProduct", { code: text }));
        return;
      }
      const existing = lines.findIndex((l) => l.productId === product.id);
      setCode("");
      if (existing >= 0) return focusQuantity(existing);
      onChange([
        ...lines,
        {
          productId: product.id,
          name: product.name,
          sku: product.sku,
          unit: product.unit,
          barcodes: product.barcodes,
          quantity: product.unit === "kg" ? "1" : "1",
          cost: "",
        },
      ]);
      focusQuantity(lines.length);
    } catch (e) {
      setProblem(format.error(e));
    }
  };

  const set = (index: number, changes: Partial<EntryLine>) =>
    onChange(lines.map((l, i) => (i === index ? { ...l, ...changes } : l)));
  // Enter in a line's field goes to the next field, and from the last cost back to the code field.
  const next = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    const fields = [
      ...(e.currentTarget.closest("form")?.querySelectorAll<HTMLInputElement>("input[data-line]") ?? []),
    ];
    const at = fields.indexOf(e.currentTarget);
    const target =
      fields[at + 1] ??
      e.currentTarget.closest("form")?.querySelector<HTMLInputElement>(`[data-testid="${testId}-code"]`);
    target?.focus();
    target?.select();
  };

  return (
    <>
      <label>
        {t("purchasing.code")}
        <input
          value={code}
          autoFocus
          autoComplete="off"
          data-testid={`${testId}-code`}
          placeholder={t("purchasing.codeHint")}
          onChange={(e) => setCode(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              void enterCode();
            }
          }}
        />
      </label>
      {problem && (
        <p className="error-text" role="alert" data-testid={`${testId}-code-error`}>
          {problem}
        </p>
      )}
      <table className="list static" ref={table}>
        <thead>
          <tr>
            <th>{t("purchasing.product")}</th>
            {lines.some((l) => l.ordered !== undefined) && <th>{t("purchasing.pending")}</th>}
            <th>{t("purchasing.quantity")}</th>
            <th>{t("purchasing.unitCost")}</th>
            {allowAdd && <th />}
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={l.productId} data-testid={`${testId}-line`}>
              <td>
                {l.name} <span className="muted">{l.sku}</span>
              </td>
              {l.ordered !== undefined && (
                <td>{format.quantity(Math.max(l.ordered - (l.received ?? 0), 0), l.unit)}</td>
              )}
              <td>
                <input
                  data-line
                  inputMode="decimal"
                  value={l.quantity}
                  aria-label={`${t("purchasing.quantity")} ${l.name}`}
                  data-testid={`${testId}-qty-${i}`}
                  onChange={(e) => set(i, { quantity: e.target.value })}
                  onKeyDown={next}
                />
                {l.unit === "kg" ? " kg" : ""}
              </td>
              <td>
                <input
                  data-line
                  inputMode="decimal"
                  value={l.cost}
                  aria-label={`${t("purchasing.unitCost")} ${l.name}`}
                  data-testid={`${testId}-cost-${i}`}
                  onChange={(e) => set(i, { cost: e.target.value })}
                  onKeyDown={next}
                />
              </td>
              {allowAdd && (
                <td>
                  <button type="button" onClick={() => onChange(lines.filter((_, j) => j !== i))}>
                    {t("purchasing.remove")}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
