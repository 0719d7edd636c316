import { useT } from "../i18n/use-i18n.js";
import type { RuleForm } from "./rule-form.js";

/** Monday first, as the week reads in Argentina; the API counts 0 = Sunday. */
const WEEK = [1, 2, 3, 4, 5, 6, 0];

/** Optional: the days and hours (shop's time zone) when the rule may raise; from > to crosses midnight. */
export function ScheduleFields({
  form,
  onChange,
}: {
  form: RuleForm;
  onChange(change: Partial<RuleForm>): void;
}) {
  const t = useT();
  const toggleDay = (d: number) =>
    onChange({ days: form.days.includes(d) ? form.days.filter((x) => x !== d) : [...form.days, d] });
  return (
    <fieldset className="channels">
      <legend>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.scheduleOn}
            data-testid="rule-schedule"
            onChange={(e) => onChange({ scheduleOn: e.target.checked })}
          />
          {t("rules.schedule")}
        </label>
      </legend>
      {form.scheduleOn && (
        <>
          <div className="segmented days">
            {WEEK.map((d) => (
              <button
                key={d}
                type="button"
                className={form.days.includes(d) ? "selected" : ""}
                aria-pressed={form.days.includes(d)}
                data-testid={`rule-day-${d}`}
                onClick={() => toggleDay(d)}
              >
                {t(`rules.day.${d as 0 | 1 | 2 | 3 | 4 | 5 | 6}`)}
              </button>
            ))}
          </div>
          <div className="form-grid">
            <label>
              {t("rules.from")}
              <input
                type="time"
                value={form.from}
                data-testid="rule-from"
                onChange={(e) => onChange({ from: e.target.value })}
              />
            </label>
            <label>
              {t("rules.to")}
              <input
                type="time"
                value={form.to}
                data-testid="rule-to"
                onChange={(e) => onChange({ to: e.target.value })}
              />
            </label>
          </div>
          <p className="hint">{t("rules.scheduleHint")}</p>
        </>
      )}
    </fieldset>
  );
}
