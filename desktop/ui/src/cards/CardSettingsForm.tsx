import type { CardSettings } from "@mostrador/contracts/http/cards";
import { dayKeyIn, dayStartUtc, nextDayKey } from "@mostrador/contracts/zoned-day";
import { useEffect, useState } from "react";
import { get, put } from "../api/client.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useSession } from "../session/session-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { amountOf, MoneyInput } from "../shared/MoneyInput.js";

const DEFAULT_TZ = "America/Argentina/Buenos_Aires";

/**
 * The card policy (a manager): the wristband's deposit, whether a cash-out gives it back, and the event's
 * last day, after which unused balance expires (at the end of that day in the shop's time zone).
 */
export function CardSettingsForm() {
  const t = useT();
  const format = useFormat();
  const tz = useSession((s) => (typeof s.settings?.timeZone === "string" ? s.settings.timeZone : DEFAULT_TZ));
  const [deposit, setDeposit] = useState("");
  const [refundable, setRefundable] = useState(true);
  const [lastDay, setLastDay] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const load = (s: CardSettings) => {
    setDeposit(format.money(s.deposit).replace(/[^\d.,]/g, ""));
    setRefundable(s.depositRefundable);
    // The stored instant is the start of the day after the last one.
    setLastDay(s.expiresAt ? dayKeyIn(new Date(Date.parse(s.expiresAt) - 1), tz) : "");
  };
  // runs on mount: the settings as stored now.
  useEffect(() => {
    get<CardSettings>("/api/cards/settings")
      .then(load)
      .catch((e) => setError(format.error(e)));
  }, []);
  const save = async () => {
    setError(null);
    setSaved(false);
    const amount = deposit.trim() ? amountOf(deposit, "payment") : 0;
    if (amount === null) return setError(t("cards.amountRequired"));
    try {
      const answer = await put<CardSettings>("/api/cards/settings", {
        deposit: amount,
        depositRefundable: refundable,
        expiresAt: lastDay ? dayStartUtc(nextDayKey(lastDay), tz) : null,
      });
      load(answer);
      setSaved(true);
    } catch (e) {
      setError(format.error(e));
    }
  };
  return (
    <section className="card card-settings" data-testid="card-settings">
      <h3>{t("cards.settings")}</h3>
      <label>
        {t("cards.deposit")}
        <MoneyInput testId="cards-settings-deposit" field="payment" value={deposit} onChange={setDeposit} />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={refundable}
          data-testid="cards-settings-refundable"
          onChange={(e) => setRefundable(e.target.checked)}
        />
        {t("cards.depositRefundable")}
      </label>
      <label>
        {t("cards.lastDay")}
        <input
          type="date"
          value={lastDay}
          data-testid="cards-settings-last-day"
          onChange={(e) => setLastDay(e.target.value)}
        />
      </label>
      <button type="button" data-testid="cards-settings-save" onClick={() => void save()}>
        {t("common.save")}
      </button>
      {saved && (
        <p className="ok" data-testid="cards-settings-saved">
          {t("cards.saved")}
        </p>
      )}
      <ErrorText text={error} testId="cards-settings-error" />
    </section>
  );
}
