import { useEffect } from "react";
import { rubroPreset } from "@mostrador/contracts/setup/rubros";
import { AlarmsPanel } from "../alarms/AlarmsPanel.js";
import { useAlarms } from "../alarms/alarms-store.js";
import { badgeState } from "../alarms/alarm-count.js";
import type { MessageKey } from "../i18n/i18n.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { type SensorsTab, useNav } from "../nav/nav-store.js";
import { RulesPanel } from "../rules/RulesPanel.js";
import { useSession } from "../session/session-store.js";
import { DevicesPanel } from "./DevicesPanel.js";
import { useDevices } from "./devices-store.js";
import { connectLive } from "./live-store.js";
import { useNotices } from "../notices/notice-store.js";
import "./sensors.css";

/**
 * The shop's sensors: devices (live readings, charts, relays), rules (devices.manage) and alarms. Live values
 * come from the gateway's MQTT broker over WebSocket while this screen is open.
 */
export function SensorsScreen() {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const token = useSession((s) => s.token);
  const canManage = useSession((s) => s.can("devices.manage"));
  const chosen = useNav((s) => s.sensorsTab);
  const goSensors = useNav((s) => s.goSensors);
  const waiting = badgeState(useAlarms((s) => s.open)).count;
  const rubro = useSession((s) => s.settings?.rubro);
  const noDevices = useDevices((s) => s.loaded && s.list.length === 0);
  // Rules are for devices.manage: someone else left on that tab sees the devices instead.
  const tab: SensorsTab = chosen === "rules" && !canManage ? "devices" : chosen;

  // runs on mount, not on every render.
  useEffect(() => {
    useDevices
      .getState()
      .refresh()
      .catch((e) => notify("error", format.error(e)));
  }, []);
  useEffect(() => (token ? connectLive(token) : undefined), [token]);

  const tabs: { id: SensorsTab; label: string; show: boolean }[] = [
    { id: "devices", label: t("sensors.tab.devices"), show: true },
    { id: "rules", label: t("sensors.tab.rules"), show: canManage },
    {
      id: "alarms",
      label: waiting > 0 ? `${t("sensors.tab.alarms")} (${waiting})` : t("sensors.tab.alarms"),
      show: true,
    },
  ];
  return (
    <section className="screen" data-testid="sensors-screen">
      <div className="row-form">
        <h1 className="grow">{t("sensors.title")}</h1>
        <div className="segmented inline" role="tablist">
          {tabs
            .filter((x) => x.show)
            .map((x) => (
              <button
                key={x.id}
                type="button"
                role="tab"
                aria-selected={tab === x.id}
                className={tab === x.id ? "selected" : ""}
                data-testid={`sensors-tab-${x.id}`}
                onClick={() => goSensors(x.id)}
              >
                {x.label}
              </button>
            ))}
        </div>
      </div>
      {tab === "devices" && noDevices && rubro && rubroPreset(rubro).suggestedDevices.length > 0 && (
        // What a shop of this rubro usually watches (contracts/src/setup/rubros.ts), until the first device.
        <p className="muted" data-testid="sensors-suggested">
          {t("sensors.suggested", {
            rubro: t(`setup.rubro.${rubro}` as MessageKey),
            devices: rubroPreset(rubro)
              .suggestedDevices.map((d) => t(`sensors.role.${d}` as MessageKey))
              .join(", "),
          })}
        </p>
      )}
      {tab === "devices" && <DevicesPanel />}
      {tab === "rules" && <RulesPanel />}
      {tab === "alarms" && <AlarmsPanel />}
    </section>
  );
}
