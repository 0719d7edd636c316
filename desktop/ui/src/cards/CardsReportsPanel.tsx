import { DEFAULT_TIME_ZONE } from "@mostrador/contracts/format";
import type {
  CardsExpiry,
  CardsOutstanding,
  CardsReport,
  CardsReportInput,
  CardsShift,
} from "@mostrador/contracts/http/cards";
import type { Terminal } from "@mostrador/contracts/http/settings";
import { dayKeyIn, dayStartUtc, isDayKey, nextDayKey, wallTimeUtc } from "@mostrador/contracts/zoned-day";
import { useEffect, useState } from "react";
import { get } from "../api/client.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useSession } from "../session/session-store.js";
import { DayRangeFields } from "../shared/DayRangeFields.js";
import { dayRangeQuery } from "../shared/day-range.js";
import { ErrorText } from "../shared/ErrorText.js";
import { CardsReportFigures } from "./CardsReportFigures.js";
import { fetchCardsExpiry, fetchCardsReportOf, fetchOutstanding, fetchShifts } from "./cards-api.js";

/**
 * Tarjetas → Reportes (managers): the card figures of a shift, a till and/or a period (the shop's days),
 * what all cards held at a chosen moment (the bar's liability then), and the unused balance at the event's
 * expiry. Forms: Enter shows the figures. A card's own history is on the cash desk tab (tap it there).
 */
export function CardsReportsPanel() {
  const t = useT();
  const format = useFormat();
  const tz = useSession((s) =>
    typeof s.settings?.timeZone === "string" ? s.settings.timeZone : DEFAULT_TIME_ZONE,
  );
  const [shifts, setShifts] = useState<CardsShift[]>([]);
  const [terminals, setTerminals] = useState<Terminal[]>([]);
  const [sessionId, setSessionId] = useState("");
  const [terminalId, setTerminalId] = useState("");
  const [fromDay, setFromDay] = useState("");
  const [toDay, setToDay] = useState("");
  const [report, setReport] = useState<CardsReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [atDay, setAtDay] = useState(() => dayKeyIn(new Date(), tz));
  const [atTime, setAtTime] = useState("");
  const [owed, setOwed] = useState<CardsOutstanding | null>(null);
  const [owedError, setOwedError] = useState<string | null>(null);
  const [expiry, setExpiry] = useState<CardsExpiry | null>(null);

  // runs on mount: the shifts and tills to pick from, the liability now and the expiry.
  useEffect(() => {
    fetchShifts()
      .then(setShifts)
      .catch((e) => setError(format.error(e)));
    get<Terminal[]>("/api/terminals")
      .then(setTerminals)
      .catch(() => setTerminals([]));
    fetchOutstanding()
      .then(setOwed)
      .catch((e) => setOwedError(format.error(e)));
    fetchCardsExpiry()
      .then(setExpiry)
      .catch(() => setExpiry(null));
  }, []);

  const show = (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const scope: CardsReportInput = {
      ...(sessionId ? { sessionId } : {}),
      ...(terminalId ? { terminalId } : {}),
      ...dayRangeQuery(fromDay, toDay, tz),
    };
    fetchCardsReportOf(scope)
      .then(setReport)
      .catch((err) => {
        setReport(null);
        setError(format.error(err));
      });
  };
  const showOwed = (e: React.FormEvent) => {
    e.preventDefault();
    setOwedError(null);
    let at: string | undefined;
    if (atDay || atTime) {
      if (!isDayKey(atDay)) return setOwedError(t("cards.reports.badMoment"));
      try {
        // No time: the end of that day in the shop's time zone (the last millisecond before the next one).
        at = atTime
          ? wallTimeUtc(atDay, atTime, tz)
          : new Date(Date.parse(dayStartUtc(nextDayKey(atDay), tz)) - 1).toISOString();
      } catch {
        return setOwedError(t("cards.reports.badMoment"));
      }
    }
    fetchOutstanding(at)
      .then(setOwed)
      .catch((err) => {
        setOwed(null);
        setOwedError(format.error(err));
      });
  };
  const shiftLabel = (s: CardsShift) =>
    `${s.terminalName} · ${format.dateTime(s.openedAt)} – ${
      s.closedAt ? format.dateTime(s.closedAt) : t("cards.reports.open")
    }`;

  return (
    <div className="cards-reports" data-testid="cards-reports">
      <section className="card">
        <h2>{t("cards.reports.title")}</h2>
        {/* noValidate: a reversed period goes to the appliance, which says in words what is wrong. */}
        <form className="cards-report-scope" noValidate onSubmit={show}>
          <label>
            {t("cards.reports.shift")}
            <select
              value={sessionId}
              data-testid="cards-reports-shift"
              onChange={(e) => setSessionId(e.target.value)}
            >
              <option value="">{t("cards.reports.anyShift")}</option>
              {shifts.map((s) => (
                <option key={s.id} value={s.id}>
                  {shiftLabel(s)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("cards.reports.till")}
            <select
              value={terminalId}
              data-testid="cards-reports-till"
              onChange={(e) => setTerminalId(e.target.value)}
            >
              <option value="">{t("cards.reports.anyTill")}</option>
              {terminals.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
          <DayRangeFields
            fromDay={fromDay}
            toDay={toDay}
            testId="cards-reports"
            onChange={(from, to) => {
              setFromDay(from);
              setToDay(to);
            }}
          />
          <button type="submit" className="primary" data-testid="cards-reports-show">
            {t("cards.reports.show")}
          </button>
        </form>
        <ErrorText text={error} testId="cards-reports-error" />
        {report && (
          <div className="cards-report" data-testid="cards-reports-result">
            <CardsReportFigures report={report} testId="cards-reports" />
          </div>
        )}
      </section>

      <section className="card">
        <h3>{t("cards.reports.outstanding")}</h3>
        <form className="cards-report-scope" noValidate onSubmit={showOwed}>
          <label>
            {t("cards.reports.atDay")}
            <input
              type="date"
              value={atDay}
              data-testid="cards-reports-at-day"
              onChange={(e) => setAtDay(e.target.value)}
            />
          </label>
          <label>
            {t("cards.reports.atTime")}
            <input
              type="time"
              value={atTime}
              data-testid="cards-reports-at-time"
              onChange={(e) => setAtTime(e.target.value)}
            />
          </label>
          <button type="submit" data-testid="cards-reports-at-show">
            {t("cards.reports.showOutstanding")}
          </button>
        </form>
        <ErrorText text={owedError} testId="cards-reports-at-error" />
        {owed && (
          <p className="cards-report" data-testid="cards-reports-outstanding">
            {t("cards.reports.outstandingAt", {
              at: format.dateTime(owed.at),
              balance: format.money(owed.balance),
              cards: owed.cards,
              deposits: format.money(owed.deposits),
            })}
          </p>
        )}
      </section>

      <section className="card">
        <h3>{t("cards.reports.expiry")}</h3>
        <p data-testid="cards-reports-expiry">
          {!expiry?.expiresAt
            ? t("cards.reports.noExpiry")
            : expiry.done
              ? t("cards.reports.expired", {
                  at: format.dateTime(expiry.expiresAt),
                  total: format.money(expiry.expiredTotal),
                  cards: expiry.expiredCards,
                })
              : t("cards.reports.expiryPending", {
                  at: format.dateTime(expiry.expiresAt),
                  total: format.money(expiry.pendingTotal),
                  cards: expiry.pendingCards,
                })}
        </p>
      </section>
    </div>
  );
}
