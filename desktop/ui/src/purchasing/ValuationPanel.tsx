import { useEffect, useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ErrorText } from "../shared/ErrorText.js";
import { usePurchasing } from "./purchasing-store.js";

/** Stock at cost: each category's value and the total (on hand × weighted average cost). */
export function ValuationPanel() {
  const t = useT();
  const format = useFormat();
  const { valuation, loadValuation } = usePurchasing();
  const [error, setError] = useState<string | null>(null);
  // runs on mount, not on every render.
  useEffect(() => {
    loadValuation().catch((e) => setError(format.error(e)));
  }, []);
  return (
    <div data-testid="valuation-panel">
      <ErrorText text={error} testId="valuation-error" />
      {valuation && (
        <>
          <p className="valuation-total">
            {t("purchasing.valuationTotal")}{" "}
            <strong data-testid="valuation-total">{format.money(valuation.total)}</strong>
          </p>
          {valuation.withoutCost > 0 && (
            <p className="muted" data-testid="valuation-without-cost">
              {t("purchasing.withoutCost", { n: valuation.withoutCost })}
            </p>
          )}
          <table className="list static">
            <thead>
              <tr>
                <th>{t("purchasing.category")}</th>
                <th>{t("purchasing.products")}</th>
                <th>{t("purchasing.value")}</th>
              </tr>
            </thead>
            <tbody>
              {valuation.categories.map((c) => (
                <tr key={c.categoryId ?? "none"} data-testid="valuation-row">
                  <td>{c.categoryName ?? t("purchasing.noCategory")}</td>
                  <td>{c.products}</td>
                  <td>{format.money(c.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
