import type { CashReport } from "@mostrador/contracts/http/cash";
import { useFormat, useT } from "../i18n/use-i18n.js";
import "./cash.css";

/** X (mid-shift) or Z (close) report. Expected cash and the difference only exist in a Z: the close is blind. */
export function ReportView({ report, kind }: { report: CashReport; kind: "x" | "z" }) {
  const t = useT();
  const format = useFormat();
  const money = format.money;
  const z = kind === "z";
  return (
    <article className="report" data-testid={z ? "z-report" : "x-report"}>
      <h2>{t(z ? "report.z" : "report.x")}</h2>
      <dl>
        <dt>{t("report.opened")}</dt>
        <dd>{format.dateTime(report.openedAt)}</dd>
        {report.closedAt && (
          <>
            <dt>{t("report.closedAt")}</dt>
            <dd>{format.dateTime(report.closedAt)}</dd>
          </>
        )}
        <dt>{t("report.float")}</dt>
        <dd>{money(report.openingFloat)}</dd>
        <dt>{t("report.salesCount")}</dt>
        <dd data-testid="report-sales-count">{report.salesCount}</dd>
        <dt>{t("report.gross")}</dt>
        <dd>{money(report.grossSales)}</dd>
        <dt>{t("report.discounts")}</dt>
        <dd>{money(report.discounts)}</dd>
        {report.pointsDiscounts ? (
          <>
            <dt>{t("report.pointsDiscounts")}</dt>
            <dd>{money(report.pointsDiscounts)}</dd>
          </>
        ) : null}
        <dt>{t("report.returns", { n: report.returns.count })}</dt>
        <dd>{money(report.returns.total)}</dd>
        <dt>{t("report.voids", { n: report.voids.count })}</dt>
        <dd>{money(report.voids.total)}</dd>
        {/* An exchange's credit moves no money: shown apart, not as a payment method. */}
        {report.exchanges && report.exchanges.count > 0 && (
          <>
            <dt>{t("report.exchanges", { n: report.exchanges.count })}</dt>
            <dd data-testid="report-exchanges">{money(report.exchanges.credit)}</dd>
          </>
        )}
        <dt>{t("report.cashIn")}</dt>
        <dd>{money(report.cashIn)}</dd>
        <dt>{t("report.cashOut")}</dt>
        <dd>{money(report.cashOut)}</dd>
        {report.accountPayments && report.accountPayments.count > 0 && (
          <>
            <dt>{t("report.accountPayments")}</dt>
            <dd data-testid="report-account-payments">
              {money(report.accountPayments.total)} ({money(report.accountPayments.cash)}{" "}
              {t("report.accountPaymentsCash")})
              {/* Cash is already in the brackets: the other methods (Mercado Pago, cards…) follow it. */}
              {(report.accountPayments.byMethod ?? [])
                .filter((m) => m.method !== "cash")
                .map((m) => ` · ${t(`pay.${m.method as "cash"}`)} ${money(m.total)}`)
                .join("")}
            </dd>
          </>
        )}
        {/* Prepaid cards: top-ups are deposits, not sales (no IVA); shown apart with card sales and cash-outs. */}
        {report.cards &&
          (report.cards.topups.count > 0 ||
            report.cards.sales.count > 0 ||
            report.cards.cashouts.count > 0) && (
            <>
              <dt>{t("report.cardTopups")}</dt>
              <dd data-testid="report-card-topups">
                {money(report.cards.topups.total)}
                {report.cards.topups.byMethod
                  .map((m) => ` · ${t(`pay.${m.method as "cash"}`)} ${money(m.total)}`)
                  .join("")}
              </dd>
              <dt>{t("report.cardSales")}</dt>
              <dd data-testid="report-card-sales">{money(report.cards.sales.total)}</dd>
              <dt>{t("report.cardCashouts")}</dt>
              <dd data-testid="report-card-cashouts">
                {money(report.cards.cashouts.total + report.cards.depositsReturned)}
              </dd>
            </>
          )}
        {/* Turnos charged: the señas (paid before) and what each obra social owes, apart: no drawer money. */}
        {report.bookings && report.bookings.count > 0 && (
          <>
            <dt>{t("report.bookingDeposits")}</dt>
            <dd data-testid="report-booking-deposits">{money(report.bookings.deposits)}</dd>
            <dt>{t("report.bookingCoverage")}</dt>
            <dd data-testid="report-booking-coverage">
              {report.bookings.coverage.map((c) => `${c.payer} ${money(c.total)}`).join(" · ") || "—"}
            </dd>
          </>
        )}
      </dl>
      <table className="list">
        <thead>
          <tr>
            <th>{t("report.method")}</th>
            <th className="num">{t("report.sales")}</th>
            <th className="num">{t("report.refunds")}</th>
            <th className="num">{t("report.net")}</th>
          </tr>
        </thead>
        <tbody>
          {report.byMethod
            .filter((m) => m.method !== "exchange")
            .map((m) => (
              <tr key={m.method}>
                <td>{t(`pay.${m.method}`)}</td>
                <td className="num">{money(m.sales)}</td>
                <td className="num">{money(m.refunds)}</td>
                <td className="num">{money(m.net)}</td>
              </tr>
            ))}
        </tbody>
      </table>
      <table className="list">
        <thead>
          <tr>
            <th>{t("report.rate")}</th>
            <th className="num">{t("report.net")}</th>
            <th className="num">{t("report.iva")}</th>
            <th className="num">{t("till.total")}</th>
          </tr>
        </thead>
        <tbody>
          {report.byIvaRate.map((r) => (
            <tr key={r.rate}>
              <td>{format.percent(r.rate)}</td>
              <td className="num">{money(r.net)}</td>
              <td className="num">{money(r.iva)}</td>
              <td className="num">{money(r.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {z && (
        <dl className="z-totals">
          <dt>{t("report.expected")}</dt>
          <dd data-testid="z-expected">{report.expectedCash === null ? "—" : money(report.expectedCash)}</dd>
          <dt>{t("report.counted")}</dt>
          <dd data-testid="z-counted">{report.countedCash === null ? "—" : money(report.countedCash)}</dd>
          <dt>{t("report.difference")}</dt>
          <dd data-testid="z-difference" className={report.difference ? "warning" : undefined}>
            {report.difference === null ? "—" : money(report.difference)}
          </dd>
        </dl>
      )}
    </article>
  );
}
