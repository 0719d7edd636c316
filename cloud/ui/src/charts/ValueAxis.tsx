import { type PlotArea, ticks, yOf } from "./scale.js";

/** The value axis both charts share: a grid line and a formatted label at each of the nice ticks up to `top`. */
export function ValueAxis({
  top,
  area,
  formatValue,
}: {
  top: number;
  area: PlotArea;
  formatValue: (value: number) => string;
}) {
  return (
    <>
      {ticks(top).map((t) => (
        <g key={t}>
          <line
            x1={area.left}
            x2={area.width}
            y1={yOf(t, top, area)}
            y2={yOf(t, top, area)}
            className="grid"
          />
          <text x={area.left - 6} y={yOf(t, top, area) + 4} textAnchor="end" className="axis">
            {formatValue(t)}
          </text>
        </g>
      ))}
    </>
  );
}
