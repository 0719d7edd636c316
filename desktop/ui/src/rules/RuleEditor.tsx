import { useMemo, useState } from "react";
import type { Rule } from "@mostrador/contracts/http/rules";
import { useLocale } from "../i18n/locale-store.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { useDevices } from "../sensors/devices-store.js";
import { Dialog } from "../shared/Dialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { ActionFields } from "./ActionFields.js";
import { ConditionFields } from "./ConditionFields.js";
import { emptyRuleForm, formToRuleInput, RULE_NAME_MAX, type RuleForm, ruleToForm } from "./rule-form.js";
import { useRules } from "./rules-store.js";
import { ScheduleFields } from "./ScheduleFields.js";
import "./rules.css";

/** New or edit: forms only, checked here first (rule-form.ts); the server's refusal is shown as it says it. */
export function RuleEditor({ rule, onClose }: { rule: Rule | null; onClose: () => void }) {
  const t = useT();
  const format = useFormat();
  const locale = useLocale((s) => s.locale);
  const notify = useNotices((s) => s.show);
  const all = useDevices((s) => s.list);
  const devices = useMemo(
    () => all.filter((d) => d.active || d.id === rule?.deviceId),
    [all, rule?.deviceId],
  );
  const { create, update } = useRules();
  const [form, setForm] = useState<RuleForm>(() => {
    if (rule) return ruleToForm(rule, locale);
    const first = devices[0];
    return emptyRuleForm(first?.id ?? "", first?.sensors[0]?.key ?? "");
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const device = devices.find((d) => d.id === form.deviceId);
  const change = (c: Partial<RuleForm>) => setForm((f) => ({ ...f, ...c }));

  const save = async () => {
    const result = formToRuleInput(form, devices);
    if ("problem" in result) return setError(t(`rules.problem.${result.problem}`));
    setBusy(true);
    setError(null);
    try {
      const saved = rule ? await update(rule.id, result.input) : await create(result.input);
      notify("info", t("rules.saved", { name: saved.name }));
      onClose();
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={rule ? t("rules.editTitle") : t("rules.new")}
      testId="rule-editor"
      onClose={onClose}
      wide
      className="rule-dialog"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="form-grid">
          <label>
            {t("rules.name")}
            <input
              autoFocus
              type="text"
              autoComplete="off"
              maxLength={RULE_NAME_MAX}
              value={form.name}
              data-testid="rule-name"
              onChange={(e) => change({ name: e.target.value })}
            />
          </label>
          <label>
            {t("rules.device")}
            <select
              value={form.deviceId}
              data-testid="rule-device"
              onChange={(e) => {
                const next = devices.find((d) => d.id === e.target.value);
                // Sensor and relay keys belong to the device: pick the new device's first ones.
                change({
                  deviceId: e.target.value,
                  sensorKey: next?.sensors[0]?.key ?? "",
                  actions: form.actions.map((a) =>
                    a.kind === "relay" ? { ...a, relayKey: next?.relays[0]?.key ?? "" } : a,
                  ),
                });
              }}
            >
              {devices.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={form.enabled}
              data-testid="rule-enabled-input"
              onChange={(e) => change({ enabled: e.target.checked })}
            />
            {t("rules.enabled")}
          </label>
        </div>
        <ConditionFields form={form} device={device} onChange={change} />
        <ScheduleFields form={form} onChange={change} />
        <ActionFields actions={form.actions} device={device} onChange={(actions) => change({ actions })} />
        <ErrorText text={error} testId="rule-form-error" />
        <div className="actions">
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid="rule-save">
            {t("common.save")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
