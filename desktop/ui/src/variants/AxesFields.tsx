import { useT } from "../i18n/use-i18n.js";
import type { AxisForm } from "./grid-form.js";

interface Props {
  axes: AxisForm[];
  onChange: (axes: AxisForm[]) => void;
  /** A model's axes can get values but not be added or removed (each variant has one value per axis). */
  fixedCount?: boolean;
}

/** The axes of a product with variants: a name (Talle) and its values (S, M, L) per row. */
export function AxesFields({ axes, onChange, fixedCount }: Props) {
  const t = useT();
  const set = (i: number, field: keyof AxisForm, value: string) =>
    onChange(axes.map((a, j) => (j === i ? { ...a, [field]: value } : a)));
  return (
    <div className="variant-axes" data-testid="variant-axes">
      {axes.map((axis, i) => (
        <div className="variant-axis" key={i}>
          <label>
            {t("variants.axisName")}
            <input
              type="text"
              maxLength={30}
              value={axis.name}
              data-testid={`axis-name-${i}`}
              onChange={(e) => set(i, "name", e.target.value)}
            />
          </label>
          <label>
            {t("variants.axisValues")}
            <input
              type="text"
              maxLength={1000}
              value={axis.values}
              data-testid={`axis-values-${i}`}
              onChange={(e) => set(i, "values", e.target.value)}
            />
          </label>
          {!fixedCount && axes.length > 1 && (
            <button type="button" onClick={() => onChange(axes.filter((_, j) => j !== i))}>
              {t("variants.removeAxis")}
            </button>
          )}
        </div>
      ))}
      {!fixedCount && axes.length < 4 && (
        <button
          type="button"
          data-testid="axis-add"
          onClick={() => onChange([...axes, { name: "", values: "" }])}
        >
          {t("variants.addAxis")}
        </button>
      )}
    </div>
  );
}
