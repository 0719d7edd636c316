import { useLocale, useT } from "../i18n/i18n.js";

/** Percentage change against the previous period, or null when there is nothing to compare with. */
export function change(now: number, before: number): number | null {
  return before === 0 ? null : Math.round(((now - before) * 1000) / Math.abs(before)) / 10;
}

export function Kpi(props: {
  label: string;
  value: string;
  delta?: number | null;
  note?: string | undefined;
  testId: string;
}) {
  return (
    <div className="card kpi">
      <span className="muted">{props.label}</span>
      <strong data-testid={props.testId}>{props.value}</strong>
      {props.delta !== undefined ? <Delta value={props.delta} /> : null}
      {props.note ? <span className="muted small">{props.note}</span> : null}
    </div>
  );
}

/** "+12,5 %" in green, "−3 %" in red, "—" when there is nothing to compare with. */
export function Delta({ value }: { value: number | null }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  if (value === null)
    return (
      <span className="muted small" title={t("analytics.noPrevious")}>
        —
      </span>
    );
  const text = `${value > 0 ? "+" : ""}${value.toLocaleString(locale)} %`;
  return <span className={`delta ${value >= 0 ? "up" : "down"}`}>{text}</span>;
}
