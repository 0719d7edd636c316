import type { AccountPayment } from "@mostrador/contracts/http/accounts";
import { useEffect, useState } from "react";
import { post } from "../api/client.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { recheckPrinter } from "../printer/printer-store.js";

/**
 * The comprobante of a payment just taken (receipts/account-payment-slip.ts): printed once as it appears
 * (a fresh cash payment opens the drawer), and again on demand without the drawer. A printer problem is
 * a warning only: the payment is already recorded.
 */
export function AccountPaymentSlip({ payment }: { payment: AccountPayment }) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const [state, setState] = useState<"printing" | "printed" | "failed">("printing");
  const [problem, setProblem] = useState<string | null>(null);

  const print = async (again: boolean) => {
    setState("printing");
    try {
      await post(
        `/api/account-payments/${encodeURIComponent(payment.entryId)}/print`,
        again ? { openDrawer: false } : {},
      );
      setState("printed");
    } catch (e) {
      const message = t("accounts.slipFailed", { message: format.error(e) });
      setState("failed");
      setProblem(message);
      notify("warning", message);
    } finally {
      recheckPrinter();
    }
  };

  // Runs once per payment, not on every render.
  useEffect(() => {
    void print(false);
  }, [payment.entryId]);

  return (
    <p className={state === "failed" ? "warning" : "muted"} data-testid="account-pay-slip">
      <span data-testid="account-pay-slip-status">
        {state === "printing"
          ? t("receipt.printing")
          : state === "printed"
            ? t("accounts.slipPrinted", { balance: format.money(payment.account.balance) })
            : problem}
      </span>{" "}
      <button
        type="button"
        disabled={state === "printing"}
        data-testid="account-pay-slip-print"
        onClick={() => void print(true)}
      >
        {t("accounts.slipPrint")}
      </button>
    </p>
  );
}
