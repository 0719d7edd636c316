import type { CardReportAnswer } from "@mostrador/contracts/http/cloud-cards";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import { methodKey } from "./labels.js";

/** The liability (now, blocked, at the chosen moment) and the period's movements, all stores added up. */
export function CardFiguresView({ report }: { report: CardReportAnswer }) {
  const t = useT();
  const f = useFormat();
  const total = report.total;
  const zone = report.stores[0]?.timeZone;
  const method = (m: string) => {
    const key = methodKey(m);
    return key ? t(key) : m || "—";
  };
  const rows: { id: string; label: string; total: number; count: number }[] = [
    ...total.topUps.map((m) => ({
      id: `topup-${m.method}`,
      label: t("cards.topUpsBy", { method: method(m.method) }),
      ...m,
    })),
    { id: "voided", label: t("cards.voidedTopUps"), ...total.voidedTopUps },
    { id: "charges", label: t("cards.charges"), ...total.charges },
    { id: "refunds", label: t("cards.refunds"), ...total.refunds },
    ...total.cashOuts.map((m) => ({
      id: `cashout-${m.method}`,
      label: t("cards.cashOutsBy", { method: method(m.method) }),
      ...m,
    })),
    { id: "expiries", label: t("cards.expiries"), ...total.expiries },
    { id: "transfers", label: t("cards.transfers"), ...total.transfers },
  ];
  return (
    <>
      <div className="cards-kpis">
        <div className="card cards-kpi">
          <span className="muted">{t("cards.liabilityNow")}</span>
          <strong data-testid="cards-liability">{f.money(total.liabilityNow.active)}</strong>
          <span className="muted small">{t("cards.onCards", { n: total.liabilityNow.activeCards })}</span>
        </div>
        <div className="card cards-kpi">
          <span className="muted">{t("cards.blocked")}</span>
          <strong data-testid="cards-blocked">{f.money(total.liabilityNow.blocked)}</strong>
          <span className="muted small">{t("cards.onCards", { n: total.liabilityNow.blockedCards })}</span>
        </div>
        <div className="card cards-kpi">
          <span className="muted">{t("cards.liabilityAt", { at: f.dateTime(report.at, zone) })}</span>
          <strong data-testid="cards-liability-at">{f.money(total.liabilityAt.active)}</strong>
          <span className="muted small">
            {t("cards.blockedAt", { amount: f.money(total.liabilityAt.blocked) })}
          </span>
        </div>
        <div className="card cards-kpi">
          <span className="muted">{t("cards.issued")}</span>
          <strong data-testid="cards-issued">{total.cardsIssued}</strong>
        </div>
      </div>
      <h2>{t("cards.period", { from: f.day(report.fromDay), to: f.day(report.toDay) })}</h2>
      <table data-testid="cards-figures">
        <thead>
          <tr>
            <th>{t("cards.movement")}</th>
            <th className="num">{t("cards.count")}</th>
            <th className="num">{t("cards.amount")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid={`cards-figure-${r.id}`}>
              <td>{r.label}</td>
              <td className="num">{r.count}</td>
              <td className="num">{f.money(r.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.stores.length > 1 ? (
        <table data-testid="cards-by-store">
          <thead>
            <tr>
              <th>{t("common.store")}</th>
              <th className="num">{t("cards.liabilityNow")}</th>
              <th className="num">{t("cards.charges")}</th>
              <th className="num">{t("cards.topUps")}</th>
            </tr>
          </thead>
          <tbody>
            {report.stores.map((s) => (
              <tr key={s.storeId}>
                <td>{s.storeName}</td>
                <td className="num">{f.money(s.figures.liabilityNow.active)}</td>
                <td className="num">{f.money(s.figures.charges.total)}</td>
                <td className="num">{f.money(s.figures.topUps.reduce((sum, m) => sum + m.total, 0))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
