import type { LoyaltyEntry, PointsStatement } from "@mostrador/contracts/http/accounts";
import { useEffect, useState } from "react";
import { get } from "../api/client.js";
import { adjustPoints } from "../accounts/account-api.js";
import { AdjustmentForm } from "../accounts/AdjustmentForm.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ErrorText } from "../shared/ErrorText.js";

const KIND_KEYS = {
  earn: "loyalty.kind.earn",
  redeem: "loyalty.kind.redeem",
  return_earn: "loyalty.kind.return_earn",
  return_redeem: "loyalty.kind.return_redeem",
  void: "loyalty.kind.void",
  expire: "loyalty.kind.expire",
  birthday: "loyalty.kind.birthday",
  adjustment: "loyalty.kind.adjustment",
} as const satisfies Record<LoyaltyEntry["kind"], string>;

/**
 * A customer's points ledger on Cuentas (GET /api/loyalty/:customerId): every entry — earned, redeemed,
 * taken back or given back by a return, expired, the birthday bonus, an adjustment — with the balance
 * after it, so the customer's points can be explained line by line. `version` changes whenever the
 * account's statement is read again (a payment, a limit), and the ledger is read again with it. A manager
 * adjusts the points below it ("Ajuste", with a reason); `onAdjusted` reads the statement again.
 */
export function PointsLedger({
  customerId,
  customerName,
  version,
  onAdjusted,
}: {
  customerId: string;
  customerName: string;
  version: unknown;
  onAdjusted: () => void;
}) {
  const t = useT();
  const format = useFormat();
  const [entries, setEntries] = useState<LoyaltyEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stale = false;
    get<PointsStatement>(`/api/loyalty/${encodeURIComponent(customerId)}`)
      .then((s) => !stale && setEntries(s.entries))
      .catch((e) => !stale && setError(format.error(e)));
    return () => {
      stale = true;
    };
  }, [customerId, version, format]);

  const adjust = (
    <div className="no-print">
      <AdjustmentForm
        unit="points"
        customerName={customerName}
        submit={(points, note) => adjustPoints(customerId, { points, note })}
        onDone={onAdjusted}
      />
    </div>
  );
  if (error) return <ErrorText text={error} />;
  if (!entries || entries.length === 0) return adjust;
  return (
    <>
      <h3>{t("loyalty.ledger")}</h3>
      <table data-testid="points-entries">
        <thead>
          <tr>
            <th>{t("accounts.date")}</th>
            <th>{t("accounts.entry")}</th>
            <th className="num">{t("accounts.points")}</th>
            <th className="num">{t("accounts.balance")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-testid="points-entry">
              <td>{format.dateTime(e.createdAt)}</td>
              <td>
                {t(KIND_KEYS[e.kind])} {e.note ?? ""}
              </td>
              <td className="num">{e.points > 0 ? `+${e.points}` : e.points}</td>
              <td className="num">{e.runningBalance}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {adjust}
    </>
  );
}
