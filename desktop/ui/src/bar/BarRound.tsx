import { useFormat, useT } from "../i18n/use-i18n.js";
import { roundTotal } from "./bar-cart.js";
import { useBar } from "./bar-store.js";

/** The round being served: each line with its own big "−", the total, and a way to start over. */
export function BarRound() {
  const t = useT();
  const format = useFormat();
  const { lines, removeOne, clear } = useBar();
  if (lines.length === 0) return null;
  return (
    <div className="bar-round">
      <ul className="bar-lines" data-testid="bar-lines">
        {lines.map((line) => (
          <li key={line.productId} data-testid={`bar-line-${line.name}`}>
            <span className="bar-line-qty">{line.quantity} ×</span>
            <span className="bar-line-name">{line.name}</span>
            <span className="bar-line-amount">{format.money(line.price * line.quantity)}</span>
            <button
              type="button"
              className="bar-minus"
              aria-label={t("bar.removeOne", { name: line.name })}
              data-testid={`bar-minus-${line.name}`}
              onClick={() => removeOne(line.productId)}
            >
              −
            </button>
          </li>
        ))}
      </ul>
      <p className="bar-total">
        <span>{t("bar.total")}</span>
        <strong data-testid="bar-total">{format.money(roundTotal(lines))}</strong>
      </p>
      <button type="button" className="bar-clear" data-testid="bar-clear" onClick={clear}>
        {t("bar.clear")}
      </button>
    </div>
  );
}
