import { useState } from "react";
import { get, post } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useT, type MessageKey } from "../i18n/i18n.js";
import type { OverwritesAnswer, ProductOverwrite } from "@mostrador/contracts/http/cloud-catalog";
import "./catalog.css";

type Change = ProductOverwrite["changes"][number];

/**
 * Products one store's till changed in another store (possible before the cloud refused it): each
 * change with its before and after, to revert or keep. Shows nothing when there are none.
 */
export function OverwritesReview({ onDecided }: { onDecided(): void }) {
  const t = useT();
  const f = useFormat();
  const { data, reload } = useLoad<OverwritesAnswer>(get, "/v1/dashboard/catalog/overwrites");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  if (!data || data.overwrites.length === 0) return null;

  const show = (c: Change, value: unknown): string => {
    if (value === null || value === undefined) return "—";
    if (c.field === "price" && typeof value === "number") return f.money(value);
    if (typeof value === "boolean") return value ? "✓" : "—";
    return Array.isArray(value) ? value.join(", ") : String(value);
  };

  async function decide(lsn: number, decision: "revert" | "keep") {
    setBusy(lsn);
    setError(null);
    try {
      await post(`/v1/dashboard/catalog/overwrites/${lsn}/${decision}`);
      reload();
      onDecided();
    } catch (err) {
      setError(f.error(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="review" data-testid="overwrites">
      <h3>{t("catalog.overwritesTitle")}</h3>
      <p className="muted small">{t("catalog.overwritesHint")}</p>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <ul>
        {data.overwrites.map((o) => (
          <li key={o.lsn} data-testid={`overwrite-${o.lsn}`}>
            <div>
              {t("catalog.overwriteBy", {
                appliance: o.applianceName,
                store: o.applianceStoreName,
                productStore: o.productStoreName,
                at: f.dateTime(o.at),
              })}
            </div>
            <ul className="small">
              {o.changes.map((c) => (
                <li key={c.field}>
                  {t(`catalog.field.${c.field}` as MessageKey)}: {show(c, c.before)} → {show(c, c.after)}
                </li>
              ))}
            </ul>
            <button
              className="primary"
              data-testid={`overwrite-revert-${o.lsn}`}
              disabled={busy !== null}
              onClick={() => void decide(o.lsn, "revert")}
            >
              {t("catalog.revert")}
            </button>{" "}
            <button
              data-testid={`overwrite-keep-${o.lsn}`}
              disabled={busy !== null}
              onClick={() => void decide(o.lsn, "keep")}
            >
              {t("catalog.keep")}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
