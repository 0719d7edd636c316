import type { Condition, Device } from "../api/iot-types.js";
import type { Locale } from "../i18n/format.js";
import { formatMeasure } from "../sensors/measure.js";

/** A one-line reading of a condition for the rules list: "temperature > 5 °C for 10 min". */
export function conditionSummary(c: Condition, device: Device | undefined, locale: Locale): string {
  if (c.kind === "offline") return `offline ≥ ${Math.round(c.forSeconds / 60)} min`;
  const unit = device?.sensors.find((s) => s.key === c.key)?.unit ?? "";
  const m = (n: number) => formatMeasure(n, unit, locale);
  const forText = "forSeconds" in c && c.forSeconds ? ` · ${Math.round(c.forSeconds / 6) / 10} min` : "";
  if (c.kind === "above") return `${c.key} > ${m(c.threshold)}${forText}`;
  if (c.kind === "below") return `${c.key} < ${m(c.threshold)}${forText}`;
  if (c.kind === "outside") return `${c.key} ∉ [${m(c.min)}, ${m(c.max)}]${forText}`;
  return `${c.key} Δ ${formatMeasure(c.perMinute, unit ? `${unit}/min` : "/min", locale)}`;
}
