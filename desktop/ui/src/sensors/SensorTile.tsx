import { query } from "@mostrador/contracts/http-client";
import { useEffect, useState } from "react";
import { get } from "../api/client.js";
import type { Device, DeviceSensor } from "@mostrador/contracts/http/devices";
import type { RawPoint, ReadingsAnswer, RollupPoint } from "@mostrador/contracts/http/telemetry";
import { useLocale } from "../i18n/locale-store.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import type { ChartPoint } from "./chart-scale.js";
import { type ChartRange, RANGES } from "./chart-range.js";
import { binaryStatesOf } from "@mostrador/contracts/mqtt/sensor-kinds";
import { useLive } from "./live-store.js";
import { formatMeasure } from "./measure.js";
import { SparkChart } from "./SparkChart.js";

/** The last few minutes of raw readings: enough to show the latest value before the first live one arrives. */
const RECENT_MS = 10 * 60_000;

const value = (p: RawPoint | RollupPoint) => ("avg" in p ? p.avg : p.value);
/** A two-state sensor's rollup is drawn by its max: a minute in which the door opened at all was open. */
const binaryValue = (p: RawPoint | RollupPoint) => ("max" in p ? p.max : p.value);

interface Series {
  points: ChartPoint[];
  latest: { value: number; at: number } | null;
  window: { from: number; to: number };
}

/** One sensor: its latest reading with the unit (live over MQTT when connected) and a chart of the chosen range. */
export function SensorTile({
  device,
  sensor,
  range,
}: {
  device: Device;
  sensor: DeviceSensor;
  range: ChartRange;
}) {
  const t = useT();
  const format = useFormat();
  const locale = useLocale((s) => s.locale);
  const live = useLive((s) => s.readings[`${device.slug}/${sensor.key}`]);
  const [series, setSeries] = useState<Series | null>(null);
  const [error, setError] = useState<string | null>(null);
  const binary = binaryStatesOf(sensor.kind);
  const chartValue = binary ? binaryValue : value;

  // re-read when the sensor or the range changes.
  useEffect(() => {
    const spec = RANGES[range];
    let cancelled = false;
    const load = async () => {
      const now = Date.now();
      // `to` is exclusive and the current bucket is still filling: ask up to a minute ahead.
      const window = { from: now - spec.spanMs, to: now + 60_000 };
      const path = `/api/devices/${encodeURIComponent(device.id)}/readings`;
      try {
        const [chart, recent] = await Promise.all([
          get<ReadingsAnswer>(
            `${path}${query({ key: sensor.key, from: window.from, to: window.to, resolution: spec.resolution })}`,
          ),
          get<ReadingsAnswer>(
            `${path}${query({ key: sensor.key, from: now - RECENT_MS, to: window.to, resolution: "raw" })}`,
          ),
        ]);
        if (cancelled) return;
        const last = recent.points[recent.points.length - 1];
        const points = chart.points.map((p) => ({ at: p.at, value: chartValue(p) }));
        // The current bucket is rolled up only when it closes: raw readings after the last rollup complete the line.
        if (spec.resolution === "minute") {
          const after = (points[points.length - 1]?.at ?? -Infinity) + 60_000;
          for (const p of recent.points) if (p.at >= after) points.push({ at: p.at, value: chartValue(p) });
        }
        setSeries({
          points,
          latest: last ? { value: value(last), at: last.at } : null,
          window: { from: window.from, to: now },
        });
        setError(null);
      } catch (e) {
        if (!cancelled) setError(format.error(e));
      }
    };
    void load();
    const timer = setInterval(() => void load(), spec.refreshMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [device.id, sensor.key, range]);

  const latest = live && (!series?.latest || live.at >= series.latest.at) ? live : (series?.latest ?? null);
  // A live reading newer than the chart's last point extends the line until the next re-read.
  const lastAt = series?.points[series.points.length - 1]?.at ?? Number.NEGATIVE_INFINITY;
  const chart =
    series && live && live.at > lastAt
      ? {
          points: [...series.points, { at: live.at, value: live.value }],
          window: { from: series.window.from, to: Math.max(series.window.to, live.at) },
        }
      : series;
  const testId = `sensor-${device.slug}-${sensor.key}`;
  return (
    <div className="sensor-tile" data-testid={testId}>
      <div className="sensor-head">
        <span className="sensor-name">
          {t(`kind.${sensor.kind}`)}
          {sensor.key !== sensor.kind && <span className="muted"> · {sensor.key}</span>}
        </span>
        <strong
          className="sensor-value num"
          data-testid={`${testId}-value`}
          data-live={live ? "true" : "false"}
        >
          {sensor.kind === "door" && latest
            ? t(latest.value >= 0.5 ? "door.open" : "door.closed")
            : formatMeasure(latest?.value, sensor.unit, locale)}
        </strong>
      </div>
      {latest && (
        <span className="muted small" data-testid={`${testId}-at`}>
          {format.time(new Date(latest.at).toISOString())}
        </span>
      )}
      {chart && (
        <SparkChart
          points={chart.points}
          window={chart.window}
          gapMs={RANGES[range].gapMs}
          unit={sensor.unit}
          testId={`${testId}-chart`}
          binary={binary}
        />
      )}
      {error && <p className="error-text small">{error}</p>}
    </div>
  );
}
