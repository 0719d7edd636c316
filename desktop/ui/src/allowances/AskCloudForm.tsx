import type { AccountSummary } from "@mostrador/contracts/http/accounts";
import { useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useSession } from "../session/session-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { amountOf, MoneyInput } from "../shared/MoneyInput.js";
import { askCloud, askCloudMessage } from "./ask-cloud.js";

interface Props {
  account: AccountSummary;
  /** After the cloud answered: the statement shows the new holding. */
  onChanged: () => void;
}

/**
 * Cuentas, for a manager of a store linked to a cloud: "Pedir crédito a la nube" / "Pedir puntos a la
 * nube" with an amount, the fallback when the payment dialog's own request was not enough (the cloud
 * may have been unreachable then). Says what came and what the store may spend now.
 */
export function AskCloudForm({ account, onChanged }: Props) {
  const t = useT();
  const format = useFormat();
  const canManage = useSession((s) => s.can("accounts.manage"));
  const [creditText, setCreditText] = useState("");
  const [pointsText, setPointsText] = useState("");
  const [asking, setAsking] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!canManage || !account.linked) return null;

  const ask = async (kind: "credit" | "points", amount: number) => {
    setError(null);
    setResult(null);
    setAsking(true);
    try {
      const answer = await askCloud(account.customerId, { kind, amount, mode: "more" });
      const message = askCloudMessage(t, format.money, answer, kind, false);
      if (answer.granted > 0) setResult(message);
      else setError(message);
      if (kind === "credit") setCreditText("");
      else setPointsText("");
      onChanged();
    } catch (e) {
      setError(format.error(e));
    } finally {
      setAsking(false);
    }
  };
  const points = /^\d+$/.test(pointsText.trim()) ? Number(pointsText.trim()) : null;

  return (
    <div className="ask-cloud" data-testid="ask-cloud">
      <h3>{t("allowances.title")}</h3>
      <label>
        {t("allowances.amount")}
        <MoneyInput
          testId="ask-cloud-credit-amount"
          field="cash"
          value={creditText}
          onChange={setCreditText}
        />
      </label>
      <button
        type="button"
        data-testid="ask-cloud-credit"
        disabled={asking}
        onClick={() => {
          const amount = amountOf(creditText, "cash");
          if (amount === null || amount <= 0) return setError(t("allowances.amountInvalid"));
          void ask("credit", amount);
        }}
      >
        {t("allowances.askCredit")}
      </button>
      <label>
        {t("allowances.pointsCount")}
        <input
          type="text"
          inputMode="numeric"
          maxLength={9}
          value={pointsText}
          data-testid="ask-cloud-points-amount"
          onChange={(e) => setPointsText(e.target.value)}
        />
      </label>
      <button
        type="button"
        data-testid="ask-cloud-points"
        disabled={asking}
        onClick={() => {
          if (points === null || points <= 0) return setError(t("pay.redeemInvalid"));
          void ask("points", points);
        }}
      >
        {t("allowances.askPoints")}
      </button>
      {asking && <p className="muted">{t("allowances.asking")}</p>}
      {result && (
        <p className="ok" data-testid="ask-cloud-result">
          {result}
        </p>
      )}
      <ErrorText text={error} testId="ask-cloud-error" />
    </div>
  );
}
