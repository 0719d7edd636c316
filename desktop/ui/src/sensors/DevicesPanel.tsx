import { useState } from "react";
import type { Device, DeviceWithSecret } from "@mostrador/contracts/http/devices";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { useSession } from "../session/session-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import type { ChartRange } from "./chart-range.js";
import { CredentialsDialog } from "./CredentialsDialog.js";
import { credentialsFor, type DeviceCredentials } from "./device-form.js";
import { DeviceCard } from "./DeviceCard.js";
import { GatewayTraffic } from "./GatewayTraffic.js";
import { useDevices } from "./devices-store.js";
import { useLive } from "./live-store.js";
import { mqttEndpoint } from "./mqtt-endpoint.js";
import { NewDeviceDialog } from "./NewDeviceDialog.js";

/** The devices with live status, readings, charts and relays; adding, rotating and deactivating for devices.manage. */
export function DevicesPanel() {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const canManage = useSession((s) => s.can("devices.manage"));
  const { list, loaded, rotateSecret, setActive } = useDevices();
  const connected = useLive((s) => s.connected);
  const [range, setRange] = useState<ChartRange>("hour");
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<{ name: string; credentials: DeviceCredentials } | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const show = async ({ device, secret }: DeviceWithSecret) => {
    const { host, port } = await mqttEndpoint();
    setShown({ name: device.name, credentials: credentialsFor(device, secret, host, port) });
  };

  const act = async (device: Device, action: () => Promise<unknown>) => {
    setBusyId(device.id);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusyId(null);
    }
  };

  const rotate = (device: Device) => {
    if (!window.confirm(t("devices.rotateConfirm", { name: device.name }))) return;
    void act(device, async () => show(await rotateSecret(device.id)));
  };
  const toggle = (device: Device) => {
    if (device.active && !window.confirm(t("devices.deactivateConfirm", { name: device.name }))) return;
    void act(device, async () => {
      const updated = await setActive(device.id, !device.active);
      notify(
        "info",
        t(updated.active ? "devices.reactivated" : "devices.deactivated", { name: updated.name }),
      );
    });
  };

  return (
    <div data-testid="devices-panel">
      <div className="row-form">
        <span
          className={`badge ${connected ? "ok-badge" : "warning"}`}
          data-testid="live-status"
          data-connected={connected ? "true" : "false"}
        >
          {connected ? t("sensors.live") : t("sensors.notLive")}
        </span>
        <span className="grow" />
        <div className="segmented inline">
          {(["hour", "day"] as const).map((r) => (
            <button
              key={r}
              type="button"
              className={range === r ? "selected" : ""}
              data-testid={`sensors-range-${r}`}
              onClick={() => setRange(r)}
            >
              {t(`sensors.range.${r}`)}
            </button>
          ))}
        </div>
        {canManage && (
          <button
            type="button"
            className="primary"
            data-testid="device-new"
            onClick={() => setCreating(true)}
          >
            {t("devices.new")}
          </button>
        )}
      </div>
      <ErrorText text={error} testId="devices-error" />
      {canManage && <GatewayTraffic />}
      {!loaded && <p>{t("common.loading")}</p>}
      {loaded && list.length === 0 && <p className="muted">{t("devices.none")}</p>}
      <div className="device-list">
        {list.map((device) => (
          <DeviceCard
            key={device.id}
            device={device}
            range={range}
            canManage={canManage}
            busy={busyId === device.id}
            onRotate={() => rotate(device)}
            onToggleActive={() => toggle(device)}
          />
        ))}
      </div>
      {creating && (
        <NewDeviceDialog
          onClose={() => setCreating(false)}
          onCreated={(answer) => {
            setCreating(false);
            void show(answer);
          }}
        />
      )}
      {shown && (
        <CredentialsDialog name={shown.name} credentials={shown.credentials} onClose={() => setShown(null)} />
      )}
    </div>
  );
}
