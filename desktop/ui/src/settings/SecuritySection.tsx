import { useT } from "../i18n/use-i18n.js";
import { SettingsTextField } from "./SettingsTextField.js";
import { PIN_LIMITS, type SettingsForm } from "./settings-form.js";

interface Props {
  form: SettingsForm;
  set: <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => void;
  problemOf: (field: keyof SettingsForm) => string | null;
}

/** The PIN lockout policy: how many wrong PINs lock a staff member out, and for how many minutes. */
export function SecuritySection({ form, set, problemOf }: Props) {
  const t = useT();
  return (
    <div className="card" data-testid="settings-security">
      <h2>{t("settings.security")}</h2>
      <div className="form-grid">
        <SettingsTextField
          label={t("settings.pinMaxAttempts")}
          value={form.pinMaxAttempts}
          maxLength={4}
          testId="settings-pinMaxAttempts"
          hint={t("settings.range", PIN_LIMITS.pinMaxAttempts)}
          problem={problemOf("pinMaxAttempts")}
          onChange={(v) => set("pinMaxAttempts", v)}
        />
        <SettingsTextField
          label={t("settings.pinLockoutMinutes")}
          value={form.pinLockoutMinutes}
          maxLength={5}
          testId="settings-pinLockoutMinutes"
          hint={t("settings.range", PIN_LIMITS.pinLockoutMinutes)}
          problem={problemOf("pinLockoutMinutes")}
          onChange={(v) => set("pinLockoutMinutes", v)}
        />
      </div>
      <span className="field-hint">{t("settings.pinLockoutHint")}</span>
    </div>
  );
}
