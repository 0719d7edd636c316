import type { LoyaltyRules } from "@mostrador/contracts/http/accounts";
import type { Category } from "@mostrador/contracts/http/catalog";
import { useEffect, useState } from "react";
import { api, get } from "../api/client.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ErrorText } from "../shared/ErrorText.js";
import { amountOf, MoneyInput } from "../shared/MoneyInput.js";

/**
 * Ajustes → Puntos (settings.edit): the shop's loyalty rules, saved on their own (PUT /api/loyalty/rules)
 * like the cloud and backup sections. Money fields in pesos; the server checks every bound again.
 */
export function LoyaltySection() {
  const t = useT();
  const format = useFormat();
  const [rules, setRules] = useState<LoyaltyRules | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [spend, setSpend] = useState("");
  const [value, setValue] = useState("");
  const [minimum, setMinimum] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  // runs on mount, not on every render.
  useEffect(() => {
    get<LoyaltyRules>("/api/loyalty/rules")
      .then(setRules)
      .catch((e) => setError(format.error(e)));
    get<Category[]>("/api/categories")
      .then(setCategories)
      .catch(() => setCategories([]));
  }, []);
  if (!rules) return <div className="card">{t("common.loading")}</div>;

  const set = (patch: Partial<LoyaltyRules>) => {
    setSaved(false);
    setRules({ ...rules, ...patch });
  };
  const save = () => {
    setError(null);
    const money = (text: string, current: number, field: "payment" | "cash") =>
      text.trim() ? amountOf(text, field) : current;
    const next = {
      ...rules,
      spendPerPoint: money(spend, rules.spendPerPoint, "payment"),
      pointValue: money(value, rules.pointValue, "payment"),
      minSaleTotal: money(minimum, rules.minSaleTotal, "cash"),
    };
    if (next.spendPerPoint === null || next.pointValue === null || next.minSaleTotal === null) return;
    api<LoyaltyRules>("PUT", "/api/loyalty/rules", next)
      .then((r) => {
        setRules(r);
        setSpend("");
        setValue("");
        setMinimum("");
        setSaved(true);
      })
      .catch((e) => setError(format.error(e)));
  };

  return (
    <div className="card" data-testid="settings-loyalty">
      <h2>{t("loyalty.title")}</h2>
      <label className="check">
        <input
          type="checkbox"
          checked={rules.enabled}
          data-testid="loyalty-enabled"
          onChange={(e) => set({ enabled: e.target.checked })}
        />
        {t("loyalty.enabled")}
      </label>
      <label>
        {t("loyalty.spendPerPoint")}
        <MoneyInput
          testId="loyalty-spend"
          field="payment"
          placeholder={format.money(rules.spendPerPoint)}
          value={spend}
          onChange={setSpend}
        />
      </label>
      <label>
        {t("loyalty.pointValue")}
        <MoneyInput
          testId="loyalty-value"
          field="payment"
          placeholder={format.money(rules.pointValue)}
          value={value}
          onChange={setValue}
        />
      </label>
      <label>
        {t("loyalty.minSaleTotal")}
        <MoneyInput
          testId="loyalty-minimum"
          field="cash"
          placeholder={format.money(rules.minSaleTotal)}
          value={minimum}
          onChange={setMinimum}
        />
      </label>
      <label>
        {t("loyalty.expiryMonths")}
        <input
          type="number"
          min={1}
          max={120}
          data-testid="loyalty-expiry"
          value={rules.expiryMonths ?? ""}
          onChange={(e) =>
            set({ expiryMonths: e.target.value === "" ? null : Math.trunc(Number(e.target.value)) })
          }
        />
      </label>
      <label>
        {t("loyalty.birthdayBonus")}
        <input
          type="number"
          min={0}
          data-testid="loyalty-birthday"
          value={rules.birthdayBonus}
          onChange={(e) => set({ birthdayBonus: Math.max(0, Math.trunc(Number(e.target.value) || 0)) })}
        />
      </label>
      <fieldset>
        <legend>{t("loyalty.excluded")}</legend>
        {categories.map((c) => (
          <label key={c.id} className="check">
            <input
              type="checkbox"
              checked={rules.excludedCategories.includes(c.id)}
              onChange={(e) =>
                set({
                  excludedCategories: e.target.checked
                    ? [...rules.excludedCategories, c.id]
                    : rules.excludedCategories.filter((id) => id !== c.id),
                })
              }
            />
            {c.name}
          </label>
        ))}
      </fieldset>
      <button type="button" className="primary" data-testid="loyalty-save" onClick={save}>
        {t("loyalty.save")}
      </button>
      {saved && <span className="muted">{t("loyalty.saved")}</span>}
      <ErrorText text={error} testId="loyalty-error" />
    </div>
  );
}
