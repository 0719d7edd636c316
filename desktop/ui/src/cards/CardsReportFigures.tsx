import type { CardsReport } from "@mostrador/contracts/http/cards";
import type { ReactNode } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";

/**
 * A cards report's figures (a shift, a till, a period): top-ups by method (deposits, not sales), voided
 * top-ups, card charges by product, refunds, cash-outs, cards issued, expiries and the drawer's cash from
 * cards. `testId` prefixes each figure, so the shift's box and the Reportes tab are told apart.
 */
export function CardsReportFigures({
  report,
  testId,
  children,
}: {
  report: CardsReport;
  testId: string;
  /** More rows at the end (the shift's box adds the liability and the expiry). */
  children?: ReactNode;
}) {
  const t = useT();
  const format = useFormat();
  const row = (label: string, value: string, id?: string) => (
    <>
      <dt>{label}</dt>
      <dd className="num" data-testid={id ? `${testId}-${id}` : undefined}>
        {value}
      </dd>
    </>
  );
  return (
    <>
      <dl>
        {row(
          t("cards.report.topups"),
          `${format.money(report.topups.total)} (${report.topups.count})`,
          "topups",
        )}
        {report.topups.byMethod.map((m) =>
          row(`  ${t(`pay.${m.method as "cash"}`)}`, format.money(m.total), `topups-${m.method}`),
        )}
        {row(t("cards.report.voided"), format.money(report.voidedTopups.total), "voided")}
        {row(
          t("cards.report.charges"),
          `${format.money(report.charges.total)} (${report.charges.count})`,
          "charges",
        )}
        {row(t("cards.report.refunds"), format.money(report.refunds.total), "refunds")}
        {row(
          t("cards.report.cashouts"),
          format.money(report.cashouts.total + report.cashouts.deposits),
          "cashouts",
        )}
        {row(
          t("cards.report.issued"),
          `${report.cardsIssued.count} · ${format.money(report.cardsIssued.deposits)}`,
          "issued",
        )}
        {report.expired.count > 0 &&
          row(
            t("cards.report.expired"),
            `${format.money(report.expired.total)} (${report.expired.count})`,
            "expired",
          )}
        {row(t("cards.report.cash"), format.money(report.cashNet), "cash")}
        {children}
      </dl>
      {report.charges.byProduct.length > 0 && (
        <table data-testid={`${testId}-products`}>
          <caption>{t("cards.report.byProduct")}</caption>
          <thead>
            <tr>
              <th>{t("cards.report.product")}</th>
              <th className="num">{t("cards.report.quantity")}</th>
              <th className="num">{t("cards.report.amount")}</th>
            </tr>
          </thead>
          <tbody>
            {report.charges.byProduct.map((p) => (
              <tr key={p.productId} data-testid={`${testId}-product`}>
                <td>{p.description}</td>
                <td className="num">{p.quantity}</td>
                <td className="num">{format.money(p.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
