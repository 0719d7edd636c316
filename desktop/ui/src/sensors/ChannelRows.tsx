import { SENSOR_KIND_NAMES, SENSOR_KINDS, type SensorKind } from "../api/iot-types.js";
import { useT } from "../i18n/use-i18n.js";
import {
  emptyRelay,
  emptySensor,
  MAX_RELAYS,
  MAX_SENSORS,
  type RelayRow,
  type SensorRow,
} from "./device-form.js";

/** The sensors of the "add device" form: kind (the server's list), key, optional narrower range. */
export function SensorRows({ rows, onChange }: { rows: SensorRow[]; onChange: (rows: SensorRow[]) => void }) {
  const t = useT();
  const set = (i: number, change: Partial<SensorRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <fieldset className="channels">
      <legend>{t("devices.sensors")}</legend>
      {rows.map((row, i) => {
        const kind = SENSOR_KINDS[row.kind];
        return (
          // rows have no identity until saved; order is the identity.
          <div className="channel-row" key={i} data-testid="device-sensor-row">
            <select
              aria-label={t("devices.kind")}
              value={row.kind}
              data-testid="device-sensor-kind"
              onChange={(e) => {
                const next = e.target.value as SensorKind;
                // A key still equal to the old kind follows the new kind: "temperature" → "humidity".
                set(i, { kind: next, key: row.key === row.kind || row.key === "" ? next : row.key });
              }}
            >
              {SENSOR_KIND_NAMES.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)} {SENSOR_KINDS[k].unit && `(${SENSOR_KINDS[k].unit})`}
                </option>
              ))}
            </select>
            <input
              type="text"
              aria-label={t("devices.key")}
              placeholder={t("devices.key")}
              maxLength={32}
              value={row.key}
              data-testid="device-sensor-key"
              onChange={(e) => set(i, { key: e.target.value })}
            />
            <input
              type="text"
              inputMode="decimal"
              aria-label={t("devices.min")}
              placeholder={`${t("devices.min")} ${kind.min}`}
              value={row.min}
              data-testid="device-sensor-min"
              onChange={(e) => set(i, { min: e.target.value })}
            />
            <input
              type="text"
              inputMode="decimal"
              aria-label={t("devices.max")}
              placeholder={`${t("devices.max")} ${kind.max}`}
              value={row.max}
              data-testid="device-sensor-max"
              onChange={(e) => set(i, { max: e.target.value })}
            />
            <button
              type="button"
              className="link"
              data-testid="device-sensor-remove"
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
            >
              {t("common.remove")}
            </button>
          </div>
        );
      })}
      <button
        type="button"
        disabled={rows.length >= MAX_SENSORS}
        data-testid="device-add-sensor"
        onClick={() => onChange([...rows, emptySensor()])}
      >
        {t("devices.addSensor")}
      </button>
    </fieldset>
  );
}

/** The relays: key, name and the failsafe (the longest it may stay on, in minutes). */
export function RelayRows({ rows, onChange }: { rows: RelayRow[]; onChange: (rows: RelayRow[]) => void }) {
  const t = useT();
  const set = (i: number, change: Partial<RelayRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <fieldset className="channels">
      <legend>{t("devices.relays")}</legend>
      {rows.map((row, i) => (
        // rows have no identity until saved; order is the identity.
        <div className="channel-row" key={i} data-testid="device-relay-row">
          <input
            type="text"
            aria-label={t("devices.key")}
            placeholder={t("devices.key")}
            maxLength={32}
            value={row.key}
            data-testid="device-relay-key"
            onChange={(e) => set(i, { key: e.target.value })}
          />
          <input
            type="text"
            className="wide"
            aria-label={t("devices.relayName")}
            placeholder={t("devices.relayName")}
            maxLength={60}
            value={row.name}
            data-testid="device-relay-name"
            onChange={(e) => set(i, { name: e.target.value })}
          />
          <input
            type="text"
            inputMode="decimal"
            className="wide"
            aria-label={t("devices.maxOnMinutes")}
            placeholder={t("devices.maxOnMinutes")}
            value={row.maxOnMinutes}
            data-testid="device-relay-max"
            onChange={(e) => set(i, { maxOnMinutes: e.target.value })}
          />
          <button
            type="button"
            className="link"
            data-testid="device-relay-remove"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            {t("common.remove")}
          </button>
        </div>
      ))}
      <button
        type="button"
        disabled={rows.length >= MAX_RELAYS}
        data-testid="device-add-relay"
        onClick={() => onChange([...rows, emptyRelay()])}
      >
        {t("devices.addRelay")}
      </button>
    </fieldset>
  );
}
