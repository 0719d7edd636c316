import { type FormEvent, useEffect, useState } from "react";
import type { MessagingSettings } from "@mostrador/contracts/http/messaging";
import { get, patch } from "../api/client.js";
import { useT } from "../i18n/i18n.js";

/** After how many minutes without news from a till the owner is told it is offline (default 30). */
export function OfflineSetting(props: { saved(): void; fail(err: unknown): void }) {
  const t = useT();
  const [settings, setSettings] = useState<MessagingSettings | null>(null);
  const [minutes, setMinutes] = useState("30");
  useEffect(() => {
    get<MessagingSettings>("/v1/messaging/settings").then((s) => {
      setSettings(s);
      setMinutes(String(s.applianceOfflineMinutes ?? 30));
    }, props.fail);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once
  }, []);
  if (!settings) return null;
  function save(event: FormEvent) {
    event.preventDefault();
    if (!settings) return;
    patch("/v1/messaging/settings", { ...settings, applianceOfflineMinutes: Number(minutes) }).then(
      () => props.saved(),
      props.fail,
    );
  }
  return (
    <form className="toolbar" onSubmit={save} data-testid="offline-setting">
      <label>
        {t("messaging.offlineMinutes")}{" "}
        <input
          type="number"
          min={5}
          max={10080}
          step={1}
          data-testid="offline-minutes"
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
        />
      </label>
      <button type="submit">{t("common.save")}</button>
    </form>
  );
}
