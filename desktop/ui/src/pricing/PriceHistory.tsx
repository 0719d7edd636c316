import { useEffect, useState } from "react";
import type { PriceChange } from "@mostrador/contracts/http/pricing";
import { get } from "../api/client.js";
import { useFormat, useT } from "../i18n/use-i18n.js";

/** A product's price changes (who, when, from where), newest first; shown in the product editor. */
export function PriceHistory({ productId }: { productId: string }) {
  const t = useT();
  const format = useFormat();
  const [changes, setChanges] = useState<PriceChange[] | null>(null);
  useEffect(() => {
    get<PriceChange[]>(`/api/products/${encodeURIComponent(productId)}/price-history`)
      .then(setChanges)
      .catch(() => setChanges([]));
  }, [productId]);
  if (!changes) return null;
  return (
    <details className="price-history" data-testid="price-history">
      <summary>{t("prices.history", { n: changes.length })}</summary>
      {changes.length === 0 ? (
        <p className="muted">{t("prices.historyEmpty")}</p>
      ) : (
        <table className="list static">
          <tbody>
            {changes.map((c) => (
              <tr key={c.id} data-testid="price-history-row">
                <td>{format.dateTime(c.at)}</td>
                <td>
                  {format.money(c.oldPrice)} → {format.money(c.newPrice)}
                </td>
                <td>
                  {t(
                    c.source === "bulk" || c.source === "editor" || c.source === "import"
                      ? `prices.source.${c.source}`
                      : "prices.source.other",
                  )}
                </td>
                <td>{c.staffName ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
