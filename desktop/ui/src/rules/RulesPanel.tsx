import { useEffect, useState } from "react";
import type { Rule } from "@mostrador/contracts/http/rules";
import { useLocale } from "../i18n/locale-store.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { useDevices } from "../sensors/devices-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { RuleEditor } from "./RuleEditor.js";
import { conditionSummary } from "./rule-summary.js";
import { useRules } from "./rules-store.js";

/** The rules (devices.manage): new, edit, enable/disable, delete. The server's refusals are shown above the list. */
export function RulesPanel() {
  const t = useT();
  const format = useFormat();
  const locale = useLocale((s) => s.locale);
  const notify = useNotices((s) => s.show);
  const devices = useDevices((s) => s.list);
  const { list, loaded, refresh, update, remove } = useRules();
  const [editing, setEditing] = useState<Rule | "new" | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // runs on mount, not on every render.
  useEffect(() => {
    refresh().catch((e) => setError(format.error(e)));
  }, []);

  const act = async (rule: Rule, action: () => Promise<unknown>) => {
    setBusyId(rule.id);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusyId(null);
    }
  };
  const deviceOf = (rule: Rule) => devices.find((d) => d.id === rule.deviceId);

  return (
    <div data-testid="rules-panel">
      <div className="row-form">
        <p className="muted grow">{t("rules.count", { n: list.length })}</p>
        <button
          type="button"
          className="primary"
          data-testid="rule-new"
          disabled={devices.length === 0}
          onClick={() => setEditing("new")}
        >
          {t("rules.new")}
        </button>
      </div>
      <ErrorText text={error} testId="rules-error" />
      {!loaded && !error && <p>{t("common.loading")}</p>}
      <table className="list static">
        <thead>
          <tr>
            <th>{t("rules.name")}</th>
            <th>{t("rules.device")}</th>
            <th>{t("rules.condition")}</th>
            <th>{t("rules.enabled")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((rule) => (
            <tr
              key={rule.id}
              className={rule.enabled ? "" : "inactive"}
              data-testid="rule-row"
              data-name={rule.name}
            >
              <td>{rule.name}</td>
              <td>{deviceOf(rule)?.name ?? "—"}</td>
              <td className="small" data-testid="rule-condition-summary">
                {conditionSummary(rule.condition, deviceOf(rule), locale)}
              </td>
              <td>
                <label className="checkbox inline">
                  <input
                    type="checkbox"
                    checked={rule.enabled}
                    disabled={busyId === rule.id}
                    data-testid="rule-enabled"
                    onChange={() => void act(rule, () => update(rule.id, { enabled: !rule.enabled }))}
                  />
                </label>
              </td>
              <td className="row-actions">
                <button
                  type="button"
                  disabled={busyId === rule.id}
                  data-testid="rule-edit"
                  onClick={() => setEditing(rule)}
                >
                  {t("rules.edit")}
                </button>
                <button
                  type="button"
                  className="danger"
                  disabled={busyId === rule.id}
                  data-testid="rule-delete"
                  onClick={() => {
                    if (!window.confirm(t("rules.deleteConfirm", { name: rule.name }))) return;
                    void act(rule, async () => {
                      await remove(rule.id);
                      notify("info", t("rules.deleted", { name: rule.name }));
                    });
                  }}
                >
                  {t("rules.delete")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && <RuleEditor rule={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
