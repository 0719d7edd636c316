import type { AccountSummary } from "@mostrador/contracts/http/accounts";
import { useEffect, useState } from "react";
import { fetchAccount } from "./account-api.js";

/** The attached customer's account and points (for the payment dialog), or null while none / loading. */
export function useCustomerFunds(customerId: string | null): AccountSummary | null {
  return useCustomerFundsState(customerId)[0];
}

/** The same, with a setter: after the cloud granted more, the dialog shows the new holding at once. */
export function useCustomerFundsState(
  customerId: string | null,
): [AccountSummary | null, (funds: AccountSummary) => void] {
  const [funds, setFunds] = useState<AccountSummary | null>(null);
  // runs when the customer changes, not on every render.
  useEffect(() => {
    setFunds(null);
    if (!customerId) return;
    let live = true;
    fetchAccount(customerId)
      .then((f) => live && setFunds(f))
      .catch(() => live && setFunds(null));
    return () => {
      live = false;
    };
  }, [customerId]);
  return [funds, setFunds];
}

/** The methods the payment dialog offers: "account" and "points" only for a customer who has them. */
export function offeredMethods<M extends string>(all: readonly M[], funds: AccountSummary | null): M[] {
  return all.filter((m) => {
    if (m === "account") return funds !== null && (funds.creditLimit !== null || funds.availableCredit > 0);
    if (m === "points") return funds !== null && (funds.availablePointsValue > 0 || canAskForPoints(funds));
    return true;
  });
}

/** A linked store with loyalty on may ask the cloud for points it does not hold (desktop/src/allowances). */
export const canAskForPoints = (funds: AccountSummary): boolean =>
  funds.linked && (funds.pointValue ?? 0) > 0;
