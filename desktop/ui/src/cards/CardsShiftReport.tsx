import type { CardsExpiry, CardsOutstanding, CardsReport } from "@mostrador/contracts/http/cards";
import { useEffect, useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { CardsReportFigures } from "./CardsReportFigures.js";
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
  const row = (label: string, value: string, testId: string) => (
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
      <CardsReportFigures report={report} testId="cards-report">
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
      </CardsReportFigures>
    </section>
  );
}
