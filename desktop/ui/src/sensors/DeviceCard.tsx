import type { Device } from "@mostrador/contracts/http/devices";
import { useFormat, useT } from "../i18n/use-i18n.js";
import type { ChartRange } from "./chart-range.js";
import { useLive } from "./live-store.js";
import { RelayControl } from "./RelayControl.js";
import { SensorTile } from "./SensorTile.js";

interface Props {
  device: Device;
  range: ChartRange;
  canManage: boolean;
  busy: boolean;
  onRotate(): void;
  onToggleActive(): void;
}

/** One device: online/offline and last seen (live over MQTT, else the registry's), its sensors and its relays. */
export function DeviceCard({ device, range, canManage, busy, onRotate, onToggleActive }: Props) {
  const t = useT();
  const format = useFormat();
  const liveOnline = useLive((s) => s.online[device.slug]);
  const heardAt = useLive((s) => s.heardAt[device.slug]);
  const online = device.active && (liveOnline ?? device.online);
  const lastSeen = heardAt ? new Date(heardAt).toISOString() : device.lastSeenAt;
  return (
    <article
      className={`card device-card${device.active ? "" : " inactive"}`}
      data-testid="device-card"
      data-slug={device.slug}
    >
      <header className="device-head">
        <span className={`dot ${online ? "ok" : "unreachable"}`} />
        <div className="grow">
          <h2>{device.name}</h2>
          <span className="muted small">
            {device.slug} ·{" "}
            <span data-testid="device-status" data-online={online ? "true" : "false"}>
              {!device.active ? t("devices.inactive") : online ? t("devices.online") : t("devices.offline")}
            </span>
            {lastSeen && (
              <>
                {" · "}
                <span data-testid="device-last-seen">
                  {t("devices.lastSeen", { when: format.dateTime(lastSeen) })}
                </span>
              </>
            )}
          </span>
        </div>
        {canManage && (
          <div className="row-actions">
            {device.active && (
              <button type="button" disabled={busy} data-testid="device-rotate" onClick={onRotate}>
                {t("devices.rotate")}
              </button>
            )}
            <button
              type="button"
              className={device.active ? "danger" : ""}
              disabled={busy}
              data-testid="device-toggle-active"
              onClick={onToggleActive}
            >
              {device.active ? t("devices.deactivate") : t("devices.reactivate")}
            </button>
          </div>
        )}
      </header>
      {device.active && (
        <div className="sensor-grid">
          {device.sensors.map((s) => (
            <SensorTile key={s.key} device={device} sensor={s} range={range} />
          ))}
          {device.relays.map((r) => (
            <RelayControl key={r.key} device={device} relay={r} canManage={canManage} />
          ))}
          {device.sensors.length + device.relays.length === 0 && (
            <p className="muted">{t("devices.noChannels")}</p>
          )}
        </div>
      )}
    </article>
  );
}
