import { type ChartPoint, scaleSeries } from "./chart-scale.js";
import { useLocale } from "../i18n/locale-store.js";
import { formatMeasure } from "./measure.js";

const BOX = { width: 240, height: 64, pad: 4 };

interface Props {
  points: ChartPoint[];
  window: { from: number; to: number };
  /** Points further apart are not joined (the device was offline in between). */
  gapMs: number;
  unit: string;
  testId: string;
}

/** A small hand-drawn SVG line chart (no chart library): the range drawn on the left, the line, a dot at the end. */
export function SparkChart({ points, window, gapMs, unit, testId }: Props) {
  const locale = useLocale((s) => s.locale);
  const g = scaleSeries(points, BOX, window, gapMs);
  return (
    <div className="spark" data-testid={testId} data-points={points.length}>
      <div className="spark-scale">
        <span>{g.max === null ? "" : formatMeasure(g.max, unit, locale)}</span>
        <span>{g.min === null ? "" : formatMeasure(g.min, unit, locale)}</span>
      </div>
      <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="img" aria-hidden="true">
        <rect x="0" y="0" width={BOX.width} height={BOX.height} className="spark-bg" />
        {g.path && <path d={g.path} className="spark-line" />}
        {g.last && <circle cx={g.last.x} cy={g.last.y} r="3" className="spark-dot" />}
      </svg>
    </div>
  );
}
