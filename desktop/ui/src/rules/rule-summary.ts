import { binaryStatesOf } from "@mostrador/contracts/mqtt/sensor-kinds";
import type { Condition } from "@mostrador/contracts/http/rules";
import type { Device } from "@mostrador/contracts/http/devices";
import type { Locale } from "@mostrador/contracts/format";
import { type MessageKey, translate } from "../i18n/i18n.js";
import { formatMeasure } from "../sensors/measure.js";

/**
 * A rule's condition said the way a person says it, for the rules list: "Temperatura mayor a 5 °C durante
 * 10 min", "Puerta abierta", "Humedad del suelo menor a 30 %" (and in English). The sensor is named by its
 * kind (its key too when the device has more than one of a kind); a two-state sensor (a door) is open or
 * closed, never "door > 0,5".
 */
export function conditionSummary(c: Condition, device: Device | undefined, locale: Locale): string {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
  if (c.kind === "offline")
    return t("rules.summary.offline", { duration: durationText(c.forSeconds, locale) });
  const sensorSpec = device?.sensors.find((s) => s.key === c.key);
  const unit = sensorSpec?.unit ?? "";
  const m = (n: number) => formatMeasure(n, unit, locale);
  const sensor = sensorName(c.key, sensorSpec?.kind, locale);
  const binary = sensorSpec ? binaryStatesOf(sensorSpec.kind) : null;

  let said: string;
  if (binary && c.kind === "above" && c.threshold >= 0 && c.threshold < 1) {
    said = t(binary === "open_closed" ? "rules.summary.open" : "rules.summary.on", { sensor });
  } else if (binary && c.kind === "below" && c.threshold > 0 && c.threshold <= 1) {
    said = t(binary === "open_closed" ? "rules.summary.closed" : "rules.summary.off", { sensor });
  } else if (c.kind === "above") {
    said = t("rules.summary.above", { sensor, value: m(c.threshold) });
  } else if (c.kind === "below") {
    said = t("rules.summary.below", { sensor, value: m(c.threshold) });
  } else if (c.kind === "outside") {
    said = t("rules.summary.outside", { sensor, min: m(c.min), max: m(c.max) });
  } else {
    const rate = formatMeasure(Math.abs(c.perMinute), unit, locale);
    said = t(c.perMinute >= 0 ? "rules.summary.rises" : "rules.summary.falls", { sensor, rate });
  }
  const forSeconds = "forSeconds" in c ? (c.forSeconds ?? 0) : 0;
  return forSeconds > 0
    ? t("rules.summary.for", { condition: said, duration: durationText(forSeconds, locale) })
    : said;
}

/** "Temperatura", or "Temperatura (interior)" when the key is not the kind's own name. */
function sensorName(key: string, kind: string | undefined, locale: Locale): string {
  if (!kind) return key;
  const name = translate(locale, `kind.${kind}` as MessageKey);
  return key === kind ? name : `${name} (${key})`;
}

/** 45 s, 10 min, 1,5 min, 2 h, 1 h 30 min: numbers through Intl in the person's locale. */
export function durationText(seconds: number, locale: Locale): string {
  const n = (v: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v);
  if (seconds < 60) return `${n(seconds)} s`;
  if (seconds < 3600 || seconds % 60 !== 0) return `${n(seconds / 60)} min`;
  const hours = Math.floor(seconds / 3600);
  const minutes = (seconds % 3600) / 60;
  return minutes === 0 ? `${n(hours)} h` : `${n(hours)} h ${n(minutes)} min`;
}
