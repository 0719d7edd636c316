import type { Device } from "@mostrador/contracts/http/devices";
import { useT } from "../i18n/use-i18n.js";
import { binaryStatesOf } from "@mostrador/contracts/mqtt/sensor-kinds";
import { CONDITION_KINDS, type ConditionKind, isStateCondition, type RuleForm } from "./rule-form.js";

interface Props {
  form: RuleForm;
  device: Device | undefined;
  onChange(change: Partial<RuleForm>): void;
}

/** The condition: which sensor, which test, its threshold(s), the hysteresis and "for at least N minutes". */
export function ConditionFields({ form, device, onChange }: Props) {
  const t = useT();
  const sensor = device?.sensors.find((s) => s.key === form.sensorKey);
  const unit = sensor?.unit ?? "";
  // A door is open or closed: "above" reads "Puerta abierta", "below" "Puerta cerrada", no threshold to type.
  const binary = sensor ? binaryStatesOf(sensor.kind) : null;
  const kindLabel = (k: ConditionKind) => {
    if (binary && sensor && (k === "above" || k === "below")) {
      const open = k === "above";
      const key =
        binary === "open_closed"
          ? open
            ? "rules.summary.open"
            : "rules.summary.closed"
          : open
            ? "rules.summary.on"
            : "rules.summary.off";
      return t(key, { sensor: t(`kind.${sensor.kind}`) });
    }
    return t(`rules.kind.${k}`);
  };
  const stateOnly = isStateCondition(form.condition, sensor?.kind);
  const suffix = unit ? ` (${unit})` : "";
  const kind = form.condition;
  const text = (label: string, value: string, testId: string, field: keyof RuleForm, hint?: string) => (
    <label>
      {label}
      <input
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={value}
        data-testid={testId}
        onChange={(e) => onChange({ [field]: e.target.value })}
      />
      {hint && <span className="field-hint">{hint}</span>}
    </label>
  );
  return (
    <div className="form-grid">
      <label>
        {t("rules.condition")}
        <select
          value={kind}
          data-testid="rule-condition"
          onChange={(e) => onChange({ condition: e.target.value as ConditionKind })}
        >
          {CONDITION_KINDS.map((k) => (
            <option key={k} value={k} disabled={!!binary && (k === "outside" || k === "rate")}>
              {kindLabel(k)}
            </option>
          ))}
        </select>
      </label>
      {kind !== "offline" && (
        <label>
          {t("rules.sensor")}
          <select
            value={form.sensorKey}
            data-testid="rule-sensor"
            onChange={(e) => onChange({ sensorKey: e.target.value })}
          >
            <option value="">—</option>
            {device?.sensors.map((s) => (
              <option key={s.key} value={s.key}>
                {t(`kind.${s.kind}`)} · {s.key}
              </option>
            ))}
          </select>
        </label>
      )}
      {(kind === "above" || kind === "below") &&
        !stateOnly &&
        text(`${t("rules.threshold")}${suffix}`, form.threshold, "rule-threshold", "threshold")}
      {kind === "outside" &&
        text(`${t("rules.rangeMin")}${suffix}`, form.threshold, "rule-threshold", "threshold")}
      {kind === "outside" &&
        text(`${t("rules.rangeMax")}${suffix}`, form.thresholdHigh, "rule-threshold-high", "thresholdHigh")}
      {kind === "rate" &&
        text(
          `${t("rules.perMinute")}${unit ? ` (${unit}/min)` : ""}`,
          form.threshold,
          "rule-threshold",
          "threshold",
          t("rules.perMinuteHint"),
        )}
      {kind === "above" &&
        !stateOnly &&
        text(
          `${t("rules.clearBelow")}${suffix}`,
          form.clearAt,
          "rule-clear",
          "clearAt",
          t("rules.clearHint"),
        )}
      {kind === "below" &&
        !stateOnly &&
        text(
          `${t("rules.clearAbove")}${suffix}`,
          form.clearAt,
          "rule-clear",
          "clearAt",
          t("rules.clearHint"),
        )}
      {kind === "outside" &&
        text(
          `${t("rules.clearMargin")}${suffix}`,
          form.clearAt,
          "rule-clear",
          "clearAt",
          t("rules.clearHint"),
        )}
      {text(
        kind === "rate"
          ? t("rules.windowMinutes")
          : kind === "offline"
            ? t("rules.offlineMinutes")
            : t("rules.forMinutes"),
        form.minutes,
        "rule-minutes",
        "minutes",
      )}
    </div>
  );
}
