import { useState } from "react";
import type { ScaleLayout } from "@mostrador/contracts/http/settings";
import { readScaleLabel } from "@mostrador/contracts/pos/scale-label";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { newScaleLayout, type SettingsForm, valueDigitsFor } from "./settings-form.js";
import "./scale-section.css";

interface Props {
  form: SettingsForm;
  set: <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => void;
  problemOf: (field: keyof SettingsForm) => string | null;
}

const PREFIXES = [20, 21, 22, 23, 24, 25, 26, 27, 28, 29];
const ITEM_DIGITS = [4, 5, 6];
/** Centavos per unit of the printed value: whole pesos (100), tenths (10) or centavos (1). */
const PRICE_SCALES = [100, 10, 1];

/**
 * Label-scale EAN-13 layouts (one per prefix 20–29: item digits, value digits, price or weight) and a
 * "probar código" field that reads a typed or scanned label with the layouts as they are being edited, so
 * the owner sees what the till will charge before saving. Saved with the screen's "Guardar cambios".
 */
export function ScaleSection({ form, set, problemOf }: Props) {
  const t = useT();
  const layouts = form.scaleLayouts;
  const change = (index: number, patch: Partial<ScaleLayout>) =>
    set(
      "scaleLayouts",
      layouts.map((l, i) => {
        if (i !== index) return l;
        const next = { ...l, ...patch };
        return {
          ...next,
          valueDigits: valueDigitsFor(next.itemDigits),
          priceScale: next.kind === "weight" ? 1 : next.priceScale,
        };
      }),
    );
  const add = () => {
    const layout = newScaleLayout(layouts);
    if (layout) set("scaleLayouts", [...layouts, layout]);
  };
  const problem = problemOf("scaleLayouts");

  return (
    <div className="card scale-section" data-testid="settings-scales">
      <h2>{t("scales.title")}</h2>
      <p className="hint">{t("scales.intro")}</p>
      {layouts.length === 0 && <p className="muted">{t("scales.none")}</p>}
      {layouts.map((layout, index) => (
        <fieldset key={index} className="scale-layout" data-testid={`scale-layout-${index}`}>
          <label>
            {t("scales.prefix")}
            <select
              value={layout.prefix}
              data-testid={`scale-prefix-${index}`}
              onChange={(e) => change(index, { prefix: Number(e.target.value) })}
            >
              {PREFIXES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("scales.itemDigits")}
            <select
              value={layout.itemDigits}
              data-testid={`scale-itemDigits-${index}`}
              onChange={(e) => change(index, { itemDigits: Number(e.target.value) })}
            >
              {ITEM_DIGITS.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          <span className="scale-value-digits">
            <span className="label-text">{t("scales.valueDigits")}</span>
            <span data-testid={`scale-valueDigits-${index}`}>{valueDigitsFor(layout.itemDigits)}</span>
          </span>
          <label>
            {t("scales.kind")}
            <select
              value={layout.kind}
              data-testid={`scale-kind-${index}`}
              onChange={(e) => change(index, { kind: e.target.value as ScaleLayout["kind"] })}
            >
              <option value="weight">{t("scales.kindWeight")}</option>
              <option value="price">{t("scales.kindPrice")}</option>
            </select>
          </label>
          {layout.kind === "price" && (
            <label>
              {t("scales.priceScale")}
              <select
                value={layout.priceScale}
                data-testid={`scale-priceScale-${index}`}
                onChange={(e) => change(index, { priceScale: Number(e.target.value) })}
              >
                {PRICE_SCALES.map((s) => (
                  <option key={s} value={s}>
                    {t(`scales.priceScale${s}` as "scales.priceScale100")}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button
            type="button"
            className="scale-remove"
            data-testid={`scale-remove-${index}`}
            onClick={() =>
              set(
                "scaleLayouts",
                layouts.filter((_, i) => i !== index),
              )
            }
          >
            {t("scales.remove")}
          </button>
        </fieldset>
      ))}
      {problem && (
        <span className="field-error" data-testid="scale-problem">
          {problem}
        </span>
      )}
      <div className="actions">
        <button type="button" data-testid="scale-add" disabled={layouts.length >= 10} onClick={add}>
          {t("scales.add")}
        </button>
      </div>
      <ScaleTestField layouts={layouts} />
    </div>
  );
}

/** "Probar código": reads a label with the layouts on screen, saved or not. */
function ScaleTestField({ layouts }: { layouts: readonly ScaleLayout[] }) {
  const t = useT();
  const format = useFormat();
  const [code, setCode] = useState("");
  const typed = code.trim();
  const reading = typed ? readScaleLabel(typed, layouts) : null;
  let text = "";
  if (reading?.ok) {
    const { prefix, itemCode, kind, value } = reading.label;
    text = t(kind === "weight" ? "scales.readWeight" : "scales.readPrice", {
      prefix,
      item: itemCode,
      value: kind === "weight" ? format.quantity(value, "kg") : format.money(value),
    });
  } else if (reading) {
    text = t(`scales.problem.${reading.problem}`, { prefix: reading.prefix ?? "" });
  }
  return (
    <div className="scale-test">
      <label>
        {t("scales.test")}
        <input
          type="text"
          inputMode="numeric"
          maxLength={13}
          value={code}
          placeholder="2000123012340"
          data-testid="scale-test-input"
          onChange={(e) => setCode(e.target.value.replace(/\s/g, ""))}
        />
      </label>
      <p
        className={reading?.ok ? "ok-text" : reading ? "field-error" : "field-hint"}
        data-testid="scale-test-result"
        aria-live="polite"
      >
        {reading ? text : t("scales.testHint")}
      </p>
    </div>
  );
}
