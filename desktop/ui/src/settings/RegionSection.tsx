import { useMemo } from "react";
import type { ShopSettings } from "@mostrador/contracts/http/settings";
import { useT } from "../i18n/use-i18n.js";
import type { SettingsForm } from "./settings-form.js";
import { timeZoneOptions } from "./time-zones.js";

interface Props {
  form: SettingsForm;
  set: <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => void;
}

/** Time zone (receipts and reports show the shop's wall clock) and the language the login screen starts in. */
export function RegionSection({ form, set }: Props) {
  const t = useT();
  const zones = useMemo(() => timeZoneOptions(form.timeZone), [form.timeZone]);
  return (
    <div className="card">
      <h2>{t("settings.regional")}</h2>
      <label>
        {t("settings.timeZone")}
        <select
          value={form.timeZone}
          data-testid="settings-timeZone"
          onChange={(e) => set("timeZone", e.target.value)}
        >
          <optgroup label="Argentina">
            {zones.argentina.map((z) => (
              <option key={z} value={z}>
                {z.replace("America/Argentina/", "").replaceAll("_", " ")}
              </option>
            ))}
          </optgroup>
          <optgroup label={t("settings.otherZones")}>
            {zones.others.map((z) => (
              <option key={z} value={z}>
                {z.replaceAll("_", " ")}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <label>
        {t("settings.locale")}
        <select
          value={form.locale}
          data-testid="settings-locale"
          onChange={(e) => set("locale", e.target.value as ShopSettings["locale"])}
        >
          <option value="es-AR">{t("settings.localeEs")}</option>
          <option value="en">{t("settings.localeEn")}</option>
        </select>
      </label>
    </div>
  );
}
