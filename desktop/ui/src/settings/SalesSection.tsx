import { PRICE_ROUNDINGS, type PriceRounding, type ShopSettings } from "@mostrador/contracts/http/settings";
import { useT } from "../i18n/use-i18n.js";
import { SettingsTextField } from "./SettingsTextField.js";
import type { SettingsForm } from "./settings-form.js";

interface Props {
  form: SettingsForm;
  set: <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => void;
  problemOf: (field: keyof SettingsForm) => string | null;
}

const POLICIES: {
  value: ShopSettings["negativeStock"];
  label: "settings.negativeStockWarn" | "settings.negativeStockBlock";
}[] = [
  { value: "warn", label: "settings.negativeStockWarn" },
  { value: "block", label: "settings.negativeStockBlock" },
];

/**
 * The sales rules: the discount limit (typed in percent, stored in basis points), selling below zero stock, and
 * whether the owner hears of a product reaching its low-stock threshold or of a cash difference at a cierre Z.
 */
export function SalesSection({ form, set, problemOf }: Props) {
  const t = useT();
  return (
    <div className="card">
      <h2>{t("settings.sales")}</h2>
      <SettingsTextField
        label={t("settings.discountLimit")}
        value={form.discountLimit}
        maxLength={8}
        testId="settings-discountLimit"
        hint={t("settings.discountLimitHint")}
        problem={problemOf("discountLimit")}
        onChange={(v) => set("discountLimit", v)}
      />
      <span className="label-text">{t("settings.negativeStock")}</span>
      <div className="segmented">
        {POLICIES.map((p) => (
          <button
            key={p.value}
            type="button"
            className={form.negativeStock === p.value ? "selected" : ""}
            aria-pressed={form.negativeStock === p.value}
            data-testid={`settings-negativeStock-${p.value}`}
            onClick={() => set("negativeStock", p.value)}
          >
            {t(p.label)}
          </button>
        ))}
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={form.notifyLowStock}
          data-testid="settings-notifyLowStock"
          onChange={(e) => set("notifyLowStock", e.target.checked)}
        />
        {t("settings.notifyLowStock")}
      </label>
      <span className="field-hint">{t("settings.notifyLowStockHint")}</span>
      <label>
        <span className="label-text">{t("settings.priceRounding")}</span>
        <select
          value={form.priceRounding}
          data-testid="settings-priceRounding"
          onChange={(e) => set("priceRounding", e.target.value as PriceRounding)}
        >
          {PRICE_ROUNDINGS.map((r) => (
            <option key={r} value={r}>
              {t(`prices.rounding.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <SettingsTextField
        label={t("settings.cashDifferenceAlert")}
        value={form.cashDifferenceAlert}
        maxLength={16}
        testId="settings-cashDifferenceAlert"
        hint={t("settings.cashDifferenceAlertHint")}
        problem={problemOf("cashDifferenceAlert")}
        onChange={(v) => set("cashDifferenceAlert", v)}
      />
    </div>
  );
}
