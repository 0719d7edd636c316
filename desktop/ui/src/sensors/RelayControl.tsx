import { useState } from "react";
import type { CommandStatus } from "@mostrador/contracts/http/relays";
import type { RelayState } from "@mostrador/contracts/mqtt/relay-state";
import type { Device, DeviceRelay } from "@mostrador/contracts/http/devices";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ErrorText } from "../shared/ErrorText.js";
import { useLive } from "./live-store.js";
import { parseMeasure } from "./measure.js";
import { sendRelayCommand } from "./relay-command.js";

/**
 * One relay: its confirmed state (the device's retained echo over MQTT) and, for devices.manage, ON / OFF /
 * ON for N minutes. A command shows "pending" until the device confirms it; the server's refusal is shown as is.
 */
export function RelayControl({
  device,
  relay,
  canManage,
}: {
  device: Device;
  relay: DeviceRelay;
  canManage: boolean;
}) {
  const t = useT();
  const format = useFormat();
  const state = useLive((s) => s.relays[`${device.slug}/${relay.key}`]);
  const [minutes, setMinutes] = useState("");
  const [status, setStatus] = useState<CommandStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = status === "pending";
  const testId = `relay-${device.slug}-${relay.key}`;

  const send = async (wanted: RelayState, withMinutes: boolean) => {
    setError(null);
    let seconds: number | undefined;
    if (withMinutes) {
      const parsed = parseMeasure(minutes);
      seconds = "value" in parsed ? Math.round(parsed.value * 60) : Number.NaN;
      if (!(seconds >= 1 && seconds <= relay.maxOnSeconds))
        return setError(t("relay.minutesRange", { max: relay.maxOnSeconds / 60 }));
    }
    try {
      await sendRelayCommand(
        device.id,
        relay.key,
        { state: wanted, ...(seconds ? { seconds } : {}) },
        setStatus,
      );
    } catch (e) {
      setStatus(null);
      setError(format.error(e));
    }
  };

  return (
    <div className="relay" data-testid={testId}>
      <div className="relay-head">
        <span>{relay.name}</span>
        <span
          className={`badge relay-state ${state === "ON" ? "on" : ""}`}
          data-testid={`${testId}-state`}
          data-state={state ?? "unknown"}
        >
          {state === "ON" ? t("relay.on") : state === "OFF" ? t("relay.off") : t("relay.unknown")}
        </span>
        {status && (
          <span
            className={`muted small command-${status}`}
            data-testid={`${testId}-command`}
            data-status={status}
          >
            {t(`relay.command.${status}`)}
          </span>
        )}
      </div>
      {canManage && (
        <div className="row-form relay-buttons">
          <button
            type="button"
            disabled={busy || !device.active}
            data-testid={`${testId}-on`}
            onClick={() => void send("ON", false)}
          >
            {t("relay.turnOn")}
          </button>
          <button
            type="button"
            disabled={busy || !device.active}
            data-testid={`${testId}-off`}
            onClick={() => void send("OFF", false)}
          >
            {t("relay.turnOff")}
          </button>
          <input
            type="text"
            inputMode="decimal"
            className="minutes"
            placeholder={t("relay.minutesShort")}
            aria-label={t("relay.minutes")}
            value={minutes}
            data-testid={`${testId}-minutes`}
            onChange={(e) => setMinutes(e.target.value)}
          />
          <button
            type="button"
            disabled={busy || !device.active || minutes.trim() === ""}
            data-testid={`${testId}-on-for`}
            onClick={() => void send("ON", true)}
          >
            {t("relay.onFor")}
          </button>
        </div>
      )}
      <ErrorText text={error} testId={`${testId}-error`} />
    </div>
  );
}
