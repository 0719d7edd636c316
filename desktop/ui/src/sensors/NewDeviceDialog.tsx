import { ID_MAX_LENGTH } from "@mostrador/contracts/mqtt/ids";
import { useState } from "react";
import type { DeviceWithSecret } from "@mostrador/contracts/http/devices";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { Dialog } from "../shared/Dialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { RelayRows, SensorRows } from "./ChannelRows.js";
import { DEVICE_NAME_MAX, type DeviceForm, deviceFormToBody, emptySensor } from "./device-form.js";
import { useDevices } from "./devices-store.js";

/** Slug, name, sensors and relays; on success the parent shows the credentials once. */
export function NewDeviceDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (answer: DeviceWithSecret) => void;
}) {
  const t = useT();
  const format = useFormat();
  const create = useDevices((s) => s.create);
  const [form, setForm] = useState<DeviceForm>({ slug: "", name: "", sensors: [emptySensor()], relays: [] });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    const result = deviceFormToBody(form);
    if ("problem" in result) {
      const row = result.row === undefined ? "" : ` (${t("devices.row", { n: result.row + 1 })})`;
      return setError(`${t(`devices.problem.${result.problem}`)}${row}`);
    }
    setBusy(true);
    setError(null);
    try {
      onCreated(await create(result.body));
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t("devices.new")} testId="device-editor" onClose={onClose} wide>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="form-grid">
          <label>
            {t("devices.slug")}
            <input
              autoFocus
              type="text"
              autoComplete="off"
              maxLength={ID_MAX_LENGTH}
              value={form.slug}
              data-testid="device-slug"
              onChange={(e) => setForm({ ...form, slug: e.target.value })}
            />
            <span className="field-hint">{t("devices.slugHint")}</span>
          </label>
          <label>
            {t("devices.name")}
            <input
              type="text"
              autoComplete="off"
              maxLength={DEVICE_NAME_MAX}
              value={form.name}
              data-testid="device-name"
              onChange={(e) => setForm({ ...form, name: e.target.value })}
            />
          </label>
        </div>
        <SensorRows rows={form.sensors} onChange={(sensors) => setForm({ ...form, sensors })} />
        <RelayRows rows={form.relays} onChange={(relays) => setForm({ ...form, relays })} />
        <ErrorText text={error} testId="device-error" />
        <div className="actions">
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid="device-save">
            {t("devices.create")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
