import type { Product, VariantGrid } from "@mostrador/contracts/http/catalog";
import { useState } from "react";
import { post } from "../api/client.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ErrorText } from "../shared/ErrorText.js";
import { AxesFields } from "./AxesFields.js";
import { type AxisForm, axesOf, isGridProblem } from "./grid-form.js";

interface Props {
  product: Product;
  onConverted: (grid: VariantGrid) => void;
}

/**
 * A product the shop already sells gets variants: its axes, and which cell it is itself (its barcodes and
 * stock move there; its sales stay on it).
 */
export function ConvertToModel({ product, onConverted }: Props) {
  const t = useT();
  const format = useFormat();
  const [open, setOpen] = useState(false);
  const [axes, setAxes] = useState<AxisForm[]>([
    { name: "Talle", values: "" },
    { name: "Color", values: "" },
  ]);
  const [keep, setKeep] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parsed = axesOf(axes);
  const options = isGridProblem(parsed) ? axes.map(() => []) : parsed.map((a) => a.values);

  const convert = async () => {
    if (isGridProblem(parsed)) return setError(t("input.empty"));
    const chosen = parsed.map((a, i) => keep[i] ?? a.values[0] ?? "");
    setBusy(true);
    setError(null);
    try {
      onConverted(
        await post<VariantGrid>(`/api/products/${encodeURIComponent(product.id)}/convert-to-model`, {
          axes: parsed,
          keep: chosen,
        }),
      );
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  if (!open)
    return (
      <button type="button" data-testid="product-convert" onClick={() => setOpen(true)}>
        {t("variants.convert")}
      </button>
    );
  return (
    <section className="variant-convert" data-testid="variant-convert">
      <h3>{t("variants.convert")}</h3>
      <AxesFields axes={axes} onChange={setAxes} />
      <p className="muted">{t("variants.keep", { name: product.name })}</p>
      {options.map((values, i) => (
        <label key={i}>
          {axes[i]?.name}
          <select
            value={keep[i] ?? values[0] ?? ""}
            data-testid={`convert-keep-${i}`}
            onChange={(e) => setKeep((k) => Object.assign([...k], { [i]: e.target.value }))}
          >
            {values.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
      ))}
      <ErrorText text={error} testId="convert-error" />
      <button
        type="button"
        className="primary"
        disabled={busy}
        data-testid="convert-submit"
        onClick={() => void convert()}
      >
        {t("variants.convertSubmit")}
      </button>
    </section>
  );
}
