import type { CardsExpiry, CardsOutstanding, CardsReport } from "@mostrador/contracts/http/cards";
import { useEffect, useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { fetchCardsExpiry, fetchCardsReport, fetchOutstanding } from "./cards-api.js";

/** The shift's card figures (this till's open cash session) and what all cards hold now (the liability). */
export function CardsShiftReport({ sessionId, changed }: { sessionId: string; changed: number }) {
  const t = useT();
  const format = useFormat();
  const [report, setReport] = useState<CardsReport | null>(null);
  const [owed, setOwed] = useState<CardsOutstanding | null>(null);
  const [expiry, setExpiry] = useState<CardsExpiry | null>(null);
  // runs when the session changes or an operation of this screen committed.
  useEffect(() => {
    fetchCardsReport(sessionId)
      .then(setReport)
      .catch(() => setReport(null));
    fetchOutstanding()
      .then(setOwed)
      .catch(() => setOwed(null));
    fetchCardsExpiry()
      .then(setExpiry)
      .catch(() => setExpiry(null));
  }, [sessionId, changed]);
  if (!report) return null;
  const row = (label: string, value: string, testId?: string) => (
    <>
      <dt>{label}</dt>
      <dd className="num" data-testid={testId}>
        {value}
      </dd>
    </>
  );
  return (
    <section className="card cards-report" data-testid="cards-report">
      <h3>{t("cards.shift")}</h3>
      <dl>
        {row(
          t("cards.report.topups"),
          `${format.money(report.topups.total)} (${report.topups.count})`,
          "cards-report-topups",
        )}
        {report.topups.byMethod.map((m) => row(`  ${t(`pay.${m.method as "cash"}`)}`, format.money(m.total)))}
        {row(t("cards.report.voided"), format.money(report.voidedTopups.total))}
        {row(
          t("cards.report.charges"),
          `${format.money(report.charges.total)} (${report.charges.count})`,
          "cards-report-charges",
        )}
        {row(t("cards.report.refunds"), format.money(report.refunds.total))}
        {row(t("cards.report.cashouts"), format.money(report.cashouts.total + report.cashouts.deposits))}
        {row(
          t("cards.report.issued"),
          `${report.cardsIssued.count} · ${format.money(report.cardsIssued.deposits)}`,
        )}
        {row(t("cards.report.cash"), format.money(report.cashNet))}
        {expiry?.expiresAt &&
          row(
            t("cards.report.expiry", { at: format.dateTime(expiry.expiresAt) }),
            expiry.done
              ? `${format.money(expiry.expiredTotal)} (${expiry.expiredCards})`
              : `${format.money(expiry.pendingTotal)} (${expiry.pendingCards}) ${t("cards.report.expiryPending")}`,
            "cards-expiry",
          )}
        {owed &&
          row(
            t("cards.report.outstanding"),
            `${format.money(owed.balance)} (${owed.cards})`,
            "cards-outstanding",
          )}
      </dl>
      {report.charges.byProduct.length > 0 && (
        <table>
          <tbody>
            {report.charges.byProduct.map((p) => (
              <tr key={p.productId}>
                <td>{p.description}</td>
                <td className="num">{p.quantity}</td>
                <td className="num">{format.money(p.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
