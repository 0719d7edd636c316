import { ID_MAX_LENGTH } from "@mostrador/contracts/mqtt/ids";
import type { ReactNode } from "react";
import { SENSOR_KINDS, SENSOR_KIND_NAMES, type SensorKind } from "@mostrador/contracts/mqtt/sensor-kinds";
import { useT } from "../i18n/use-i18n.js";
import {
  emptyRelay,
  emptySensor,
  MAX_RELAYS,
  MAX_SENSORS,
  type RelayRow,
  type SensorRow,
} from "./device-form.js";

/**
 * A list of channel rows with "remove" on each and "add" below, up to `max`. Each kind of channel only says
 * which fields a row has; `set` merges a change into row `i`.
 */
function ChannelList<Row>(props: {
  legend: string;
  /** data-testid prefix: `device-${name}-row`, `-remove`, and `device-add-${name}`. */
  name: "sensor" | "relay";
  rows: Row[];
  onChange: (rows: Row[]) => void;
  max: number;
  empty: () => Row;
  addLabel: string;
  fields: (row: Row, set: (change: Partial<Row>) => void) => ReactNode;
}) {
  const t = useT();
  const { rows, onChange, name } = props;
  const set = (i: number, change: Partial<Row>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <fieldset className="channels">
      <legend>{props.legend}</legend>
      {rows.map((row, i) => (
        // rows have no identity until saved; order is the identity.
        <div className="channel-row" key={i} data-testid={`device-${name}-row`}>
          {props.fields(row, (change) => set(i, change))}
          <button
            type="button"
            className="link"
            data-testid={`device-${name}-remove`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            {t("common.remove")}
          </button>
        </div>
      ))}
      <button
        type="button"
        disabled={rows.length >= props.max}
        data-testid={`device-add-${name}`}
        onClick={() => onChange([...rows, props.empty()])}
      >
        {props.addLabel}
      </button>
    </fieldset>
  );
}

/** The sensors of the "add device" form: kind (the server's list), key, optional narrower range. */
export function SensorRows({ rows, onChange }: { rows: SensorRow[]; onChange: (rows: SensorRow[]) => void }) {
  const t = useT();
  return (
    <ChannelList
      legend={t("devices.sensors")}
      name="sensor"
      rows={rows}
      onChange={onChange}
      max={MAX_SENSORS}
      empty={emptySensor}
      addLabel={t("devices.addSensor")}
      fields={(row, set) => {
        const kind = SENSOR_KINDS[row.kind];
        return (
          <>
            <select
              aria-label={t("devices.kind")}
              value={row.kind}
              data-testid="device-sensor-kind"
              onChange={(e) => {
                const next = e.target.value as SensorKind;
                // A key still equal to the old kind follows the new kind: "temperature" → "humidity".
                set({ kind: next, key: row.key === row.kind || row.key === "" ? next : row.key });
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
              maxLength={ID_MAX_LENGTH}
              value={row.key}
              data-testid="device-sensor-key"
              onChange={(e) => set({ key: e.target.value })}
            />
            <input
              type="text"
              inputMode="decimal"
              aria-label={t("devices.min")}
              placeholder={`${t("devices.min")} ${kind.min}`}
              value={row.min}
              data-testid="device-sensor-min"
              onChange={(e) => set({ min: e.target.value })}
            />
            <input
              type="text"
              inputMode="decimal"
              aria-label={t("devices.max")}
              placeholder={`${t("devices.max")} ${kind.max}`}
              value={row.max}
              data-testid="device-sensor-max"
              onChange={(e) => set({ max: e.target.value })}
            />
          </>
        );
      }}
    />
  );
}

/** The relays: key, name and the failsafe (the longest it may stay on, in minutes). */
export function RelayRows({ rows, onChange }: { rows: RelayRow[]; onChange: (rows: RelayRow[]) => void }) {
  const t = useT();
  return (
    <ChannelList
      legend={t("devices.relays")}
      name="relay"
      rows={rows}
      onChange={onChange}
      max={MAX_RELAYS}
      empty={emptyRelay}
      addLabel={t("devices.addRelay")}
      fields={(row, set) => (
        <>
          <input
            type="text"
            aria-label={t("devices.key")}
            placeholder={t("devices.key")}
            maxLength={ID_MAX_LENGTH}
            value={row.key}
            data-testid="device-relay-key"
            onChange={(e) => set({ key: e.target.value })}
          />
          <input
            type="text"
            className="wide"
            aria-label={t("devices.relayName")}
            placeholder={t("devices.relayName")}
            maxLength={60}
            value={row.name}
            data-testid="device-relay-name"
            onChange={(e) => set({ name: e.target.value })}
          />
          <input
            type="text"
            inputMode="decimal"
            className="wide"
            aria-label={t("devices.maxOnMinutes")}
            placeholder={t("devices.maxOnMinutes")}
            value={row.maxOnMinutes}
            data-testid="device-relay-max"
            onChange={(e) => set({ maxOnMinutes: e.target.value })}
          />
        </>
      )}
    />
  );
}
