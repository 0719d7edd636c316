import { useEffect, useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { quantityToInput } from "./line-entry.js";
import { parseKilograms, parseWhole } from "../input/parse-decimal.js";
import { usePurchasing } from "./purchasing-store.js";

/**
 * What is at or under its threshold, with a suggested order from the last 28 days' sales; tick the lines,
 * pick the supplier, and one button makes the draft order at each product's average cost.
 */
export function ReorderPanel() {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const { reorder, suppliers, loadReorder, loadSuppliers, orderFromLowStock, go } = usePurchasing();
  const [picked, setPicked] = useState<Record<string, string>>({});
  const [supplierId, setSupplierId] = useState("");
  const [error, setError] = useState<string | null>(null);
  // runs on mount, not on every render.
  useEffect(() => {
    Promise.all([loadReorder(), loadSuppliers()]).catch((e) => setError(format.error(e)));
  }, []);
  const create = async () => {
    setError(null);
    const lines = [];
    for (const item of reorder) {
      const text = picked[item.productId];
      if (text === undefined) continue;
      const q = (item.unit === "kg" ? parseKilograms : parseWhole)(text);
      if (!q.ok || q.value <= 0)
        return setError(t("purchasing.badQuantity", { n: lines.length + 1, name: item.productName }));
      lines.push({ productId: item.productId, quantity: q.value });
    }
    if (lines.length === 0) return setError(t("purchasing.noLines"));
    if (!supplierId) return setError(t("purchasing.pickSupplier"));
    try {
      const order = await orderFromLowStock(supplierId, lines);
      notify("info", t("purchasing.orderCreated", { number: order.number }));
      setPicked({});
      go("orders");
    } catch (e) {
      setError(format.error(e));
    }
  };
  return (
    <div data-testid="reorder-panel">
      <div className="row-form">
        <p className="muted grow">{t("purchasing.reorderHint")}</p>
        <select
          value={supplierId}
          data-testid="reorder-supplier"
          onChange={(e) => setSupplierId(e.target.value)}
        >
          <option value="">{t("purchasing.supplier")}</option>
          {suppliers
            .filter((s) => s.active)
            .map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
        </select>
        <button type="button" className="primary" data-testid="reorder-create" onClick={() => void create()}>
          {t("purchasing.createOrder")}
        </button>
      </div>
      <ErrorText text={error} testId="reorder-error" />
      {reorder.length === 0 && <p>{t("purchasing.nothingLow")}</p>}
      <table className="list static">
        <thead>
          <tr>
            <th />
            <th>{t("purchasing.product")}</th>
            <th>{t("purchasing.onHand")}</th>
            <th>{t("purchasing.threshold")}</th>
            <th>{t("purchasing.dailySales")}</th>
            <th>{t("purchasing.suggested")}</th>
          </tr>
        </thead>
        <tbody>
          {reorder.map((item) => {
            const on = picked[item.productId] !== undefined;
            return (
              <tr key={item.productId} data-testid="reorder-row">
                <td>
                  <input
                    type="checkbox"
                    checked={on}
                    aria-label={item.productName}
                    data-testid={`reorder-pick-${item.sku}`}
                    onChange={() => {
                      const next = { ...picked };
                      if (on) delete next[item.productId];
                      else next[item.productId] = quantityToInput(item.suggested, item.unit);
                      setPicked(next);
                    }}
                  />
                </td>
                <td>{item.productName}</td>
                <td>{format.quantity(item.onHand, item.unit)}</td>
                <td>{format.quantity(item.threshold, item.unit)}</td>
                <td>{format.quantity(item.dailySales, item.unit)}</td>
                <td>
                  {on ? (
                    <input
                      inputMode="decimal"
                      value={picked[item.productId]}
                      data-testid={`reorder-qty-${item.sku}`}
                      onChange={(e) => setPicked({ ...picked, [item.productId]: e.target.value })}
                    />
                  ) : (
                    format.quantity(item.suggested, item.unit)
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
