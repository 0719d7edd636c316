import { errorMessage } from "../i18n/i18n.js";
import { useLocale } from "../i18n/locale-store.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { roundTotal } from "./bar-cart.js";
import { type RefusalReason, cardLabel, useBar } from "./bar-store.js";

/** The big panel: what to do next, or what the last card tap did (charged, balance, refused, offline). */
export function BarOutcomePanel() {
  const t = useT();
  const format = useFormat();
  const locale = useLocale((s) => s.locale);
  const { outcome, lines, lateCharge, dismissLateCharge } = useBar();

  const reasonText = (reason: RefusalReason): string => {
    switch (reason.code) {
      case "blocked":
        return reason.detail ? t("bar.refused.blockedWhy", { why: reason.detail }) : t("bar.refused.blocked");
      case "not_active":
        return t(reason.status === "expired" ? "bar.refused.expired" : "bar.refused.replaced");
      case "insufficient":
        return t("bar.refused.insufficient", {
          balance: format.money(reason.balance),
          total: format.money(reason.total),
        });
      case "server":
        return errorMessage(locale, reason.error);
    }
  };

  const late = lateCharge && (
    <p className="bar-late" role="status" data-testid="bar-late-charge">
      {t("bar.lateCharge", { number: lateCharge.displayNumber, total: format.money(lateCharge.total) })}{" "}
      <button type="button" onClick={dismissLateCharge}>
        {t("common.close")}
      </button>
    </p>
  );

  let panel;
  switch (outcome.kind) {
    case "busy":
      panel = <p className="bar-hint">{t("bar.charging")}</p>;
      break;
    case "charged":
      panel = (
        <>
          <p className="bar-ok-title" data-testid="bar-charged">
            {t("bar.charged", { total: format.money(outcome.total) })}
          </p>
          <dl className="bar-balances">
            <dt>{t("bar.before")}</dt>
            <dd data-testid="bar-before">{format.money(outcome.before)}</dd>
            <dt>{t("bar.after")}</dt>
            <dd className="bar-after" data-testid="bar-after">
              {format.money(outcome.after)}
            </dd>
          </dl>
          <p className="bar-card-line">
            {t("bar.cardAndTicket", { card: outcome.card, number: outcome.saleNumber })}
          </p>
        </>
      );
      break;
    case "balance":
      panel = (
        <>
          <p className="bar-balance-title">{t("bar.balanceOf", { card: cardLabel(outcome.card) })}</p>
          <p className="bar-big" data-testid="bar-balance">
            {format.money(outcome.card.balance)}
          </p>
          {outcome.card.status !== "active" && (
            <p className="bar-refused-reason" data-testid="bar-card-status">
              {t(`bar.status.${outcome.card.status}`)}
            </p>
          )}
        </>
      );
      break;
    case "refused":
      panel = (
        <>
          <p className="bar-refused-title">{t("bar.refused.title")}</p>
          <p className="bar-refused-reason" data-testid="bar-refusal">
            {reasonText(outcome.reason)}
          </p>
          {outcome.card && <p className="bar-card-line">{t("bar.card", { card: outcome.card })}</p>}
        </>
      );
      break;
    case "offline":
      panel = (
        <>
          <p className="bar-refused-title" data-testid="bar-offline">
            {t("bar.offline")}
          </p>
          <p className="bar-card-line">{t("bar.offlineHint")}</p>
        </>
      );
      break;
    case "idle":
      panel =
        lines.length === 0 ? (
          <p className="bar-hint">{t("bar.hintEmpty")}</p>
        ) : (
          <p className="bar-hint" data-testid="bar-tap-card">
            {t("bar.hintTapCard", { total: format.money(roundTotal(lines)) })}
          </p>
        );
  }
  const tone =
    outcome.kind === "refused" || outcome.kind === "offline"
      ? "refused"
      : outcome.kind === "charged"
        ? "ok"
        : "neutral";
  return (
    <div
      className={`bar-outcome ${tone}`}
      data-testid="bar-outcome"
      data-outcome={outcome.kind}
      aria-live="polite"
    >
      {panel}
      {late}
    </div>
  );
}
