import type { BinaryStates } from "@mostrador/contracts/mqtt/sensor-kinds";
import { type ChartPoint, binaryBands, scaleSeries } from "./chart-scale.js";
import { useLocale } from "../i18n/locale-store.js";
import { useT } from "../i18n/use-i18n.js";
import { formatMeasure } from "./measure.js";

const BOX = { width: 240, height: 64, pad: 4 };

interface Props {
  points: ChartPoint[];
  window: { from: number; to: number };
  /** Points further apart are not joined (the device was offline in between). */
  gapMs: number;
  unit: string;
  testId: string;
  /** A two-state sensor (a door): drawn as bands labelled with its states, never on a decimal axis. */
  binary?: BinaryStates | null;
}

/** A small hand-drawn SVG line chart (no chart library): the range drawn on the left, the line, a dot at the end. */
export function SparkChart({ points, window, gapMs, unit, testId, binary }: Props) {
  const locale = useLocale((s) => s.locale);
  if (binary)
    return <BinaryChart points={points} window={window} gapMs={gapMs} testId={testId} states={binary} />;
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

/**
 * A two-state sensor over time: filled bands where it was in its "1" state (the door open), a thin line
 * where it was measured in its "0" state, nothing where nobody measured. Labelled Abierta / Cerrada
 * (or Encendido / Apagado), like the tile's value.
 */
function BinaryChart({
  points,
  window,
  gapMs,
  testId,
  states,
}: Omit<Props, "unit" | "binary"> & { states: BinaryStates }) {
  const t = useT();
  const g = binaryBands(points, BOX, window, gapMs);
  const [onLabel, offLabel] =
    states === "open_closed" ? [t("door.open"), t("door.closed")] : [t("binary.on"), t("binary.off")];
  const top = BOX.pad;
  const bandHeight = BOX.height - 2 * BOX.pad;
  return (
    <div
      className="spark binary"
      data-testid={testId}
      data-points={points.length}
      data-binary={states}
      data-open-bands={g.on.length}
    >
      <div className="spark-scale" data-testid={`${testId}-scale`}>
        <span>{onLabel}</span>
        <span>{offLabel}</span>
      </div>
      <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="img" aria-hidden="true">
        <rect x="0" y="0" width={BOX.width} height={BOX.height} className="spark-bg" />
        {g.known.map((b) => (
          <rect
            key={`k${b.x}`}
            x={b.x}
            y={BOX.height - BOX.pad - 2}
            width={b.width}
            height={2}
            className="spark-band-off"
          />
        ))}
        {g.on.map((b) => (
          <rect
            key={`o${b.x}`}
            x={b.x}
            y={top}
            width={b.width}
            height={bandHeight}
            className="spark-band-on"
          />
        ))}
      </svg>
    </div>
  );
}
