import type { AccountSummary, Debtors, Statement } from "@mostrador/contracts/http/accounts";
import { useEffect, useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useSession } from "../session/session-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { amountOf, MoneyInput } from "../shared/MoneyInput.js";
import {
  adjustAccount,
  fetchDebtors,
  fetchStatement,
  openStatementPdf,
  setCreditLimit,
} from "./account-api.js";
import { AdjustmentForm } from "./AdjustmentForm.js";
import { AccountPaymentForm } from "./AccountPaymentForm.js";
import { AskCloudForm } from "../allowances/AskCloudForm.js";
import { PointsLedger } from "../loyalty/PointsLedger.js";
import { useCartCustomer } from "./cart-customer.js";
import "./accounts.css";

/**
 * Cuentas corrientes: who owes and since when (debtors, largest first, with the age of the debt), and a
 * customer's statement (every entry with the balance after it), printable and as PDF, with "Cobrar
 * cuenta" and, for a manager, the credit limit. The customer on the ticket opens straight away.
 */
export function AccountsScreen() {
  const t = useT();
  const format = useFormat();
  const cartCustomer = useCartCustomer();
  const [debtors, setDebtors] = useState<Debtors | null>(null);
  const [customerId, setCustomerId] = useState<string | null>(cartCustomer?.id ?? null);
  const [statement, setStatement] = useState<Statement | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = () => {
    fetchDebtors()
      .then(setDebtors)
      .catch((e) => setError(format.error(e)));
    if (customerId) {
      fetchStatement(customerId)
        .then(setStatement)
        .catch((e) => setError(format.error(e)));
    } else setStatement(null);
  };
  // runs when the chosen customer changes, not on every render.
  useEffect(refresh, [customerId]);

  return (
    <div className="accounts-screen" data-testid="accounts-screen">
      <section className="card">
        <h2>{t("accounts.debtors")}</h2>
        {cartCustomer && (
          <button
            type="button"
            className="link"
            data-testid="accounts-open-cart-customer"
            onClick={() => setCustomerId(cartCustomer.id)}
          >
            {t("accounts.openCustomer", { name: cartCustomer.name })}
          </button>
        )}
        {debtors && debtors.debtors.length === 0 && <p className="muted">{t("accounts.noDebtors")}</p>}
        {debtors && debtors.debtors.length > 0 && (
          <table className="debtors" data-testid="debtors">
            <thead>
              <tr>
                <th>{t("accounts.customer")}</th>
                <th className="num">{t("accounts.balance")}</th>
                <th className="num">{t("accounts.limit")}</th>
                <th className="num">{t("accounts.age")}</th>
              </tr>
            </thead>
            <tbody>
              {debtors.debtors.map((d) => (
                <tr
                  key={d.customerId}
                  className={d.customerId === customerId ? "selected" : ""}
                  data-testid="debtor"
                  onClick={() => setCustomerId(d.customerId)}
                >
                  <td>{d.customerName}</td>
                  <td className="num">{format.money(d.balance)}</td>
                  <td className="num">{d.creditLimit === null ? "—" : format.money(d.creditLimit)}</td>
                  <td className="num">{d.ageDays === null ? "—" : t("accounts.days", { n: d.ageDays })}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <td>{t("accounts.total")}</td>
                <td className="num">{format.money(debtors.total)}</td>
                <td colSpan={2} />
              </tr>
            </tfoot>
          </table>
        )}
      </section>
      {statement && <StatementCard statement={statement} onChanged={refresh} />}
      <ErrorText text={error} testId="accounts-error" />
    </div>
  );
}

const KIND_KEYS = {
  charge: "accounts.kind.charge",
  payment: "accounts.kind.payment",
  return_credit: "accounts.kind.return_credit",
  void_credit: "accounts.kind.void_credit",
  adjustment: "accounts.kind.adjustment",
} as const;

function StatementCard({ statement, onChanged }: { statement: Statement; onChanged: () => void }) {
  const t = useT();
  const format = useFormat();
  const { account, entries } = statement;
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="card statement printable" data-testid="statement">
      <h2>{t("accounts.statementOf", { name: account.customerName })}</h2>
      <AccountFigures account={account} />
      <div className="actions no-print">
        <button type="button" onClick={() => window.print()}>
          {t("accounts.print")}
        </button>
        <button
          type="button"
          data-testid="statement-pdf"
          onClick={() => openStatementPdf(account.customerId).catch((e) => setError(format.error(e)))}
        >
          {t("accounts.pdf")}
        </button>
      </div>
      <table data-testid="statement-entries">
        <thead>
          <tr>
            <th>{t("accounts.date")}</th>
            <th>{t("accounts.entry")}</th>
            <th className="num">{t("accounts.amount")}</th>
            <th className="num">{t("accounts.balance")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-testid="statement-entry">
              <td>{format.dateTime(e.createdAt)}</td>
              <td>
                {t(KIND_KEYS[e.kind])} {e.saleNumber ?? ""}{" "}
                {e.method ? `(${t(`pay.${e.method}` as "pay.cash")})` : ""} {e.note ?? ""}
              </td>
              <td className="num">{format.money(e.amount)}</td>
              <td className="num">{format.money(e.runningBalance)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <PointsLedger
        customerId={account.customerId}
        customerName={account.customerName}
        version={statement}
        onAdjusted={onChanged}
      />
      <div className="no-print">
        <AccountPaymentForm customerId={account.customerId} debt={account.balance} onPaid={onChanged} />
        <LimitForm account={account} onChanged={onChanged} />
        <AdjustmentForm
          unit="money"
          customerName={account.customerName}
          submit={(amount, note) => adjustAccount(account.customerId, { amount, note })}
          onDone={onChanged}
        />
        <AskCloudForm account={account} onChanged={onChanged} />
      </div>
      <ErrorText text={error} />
    </section>
  );
}

/** Limit, balance, what may still be charged and the points, as the till shows them. */
export function AccountFigures({ account }: { account: AccountSummary }) {
  const t = useT();
  const format = useFormat();
  return (
    <dl className="account-figures" data-testid="account-figures">
      <dt>{t("accounts.balance")}</dt>
      <dd data-testid="account-balance">{format.money(account.balance)}</dd>
      <dt>{t("accounts.limit")}</dt>
      <dd>{account.creditLimit === null ? t("accounts.noAccount") : format.money(account.creditLimit)}</dd>
      <dt>{t("accounts.available")}</dt>
      <dd data-testid="account-available">{format.money(account.availableCredit)}</dd>
      <dt>{t("accounts.points")}</dt>
      <dd data-testid="account-points">{account.points}</dd>
    </dl>
  );
}

function LimitForm({ account, onChanged }: { account: AccountSummary; onChanged: () => void }) {
  const t = useT();
  const format = useFormat();
  const canManage = useSession((s) => s.can("accounts.manage"));
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  if (!canManage) return null;
  const save = (limit: number | null) => {
    setError(null);
    setCreditLimit(account.customerId, limit)
      .then(() => {
        setText("");
        onChanged();
      })
      .catch((e) => setError(format.error(e)));
  };
  return (
    <div className="limit-form" data-testid="limit-form">
      <h3>{t("accounts.limit")}</h3>
      <MoneyInput
        testId="limit-amount"
        field="cash"
        placeholder={account.creditLimit === null ? "" : format.money(account.creditLimit)}
        value={text}
        onChange={setText}
      />
      <button
        type="button"
        data-testid="limit-save"
        onClick={() => {
          const limit = amountOf(text, "cash");
          if (limit !== null) save(limit);
        }}
      >
        {t("accounts.setLimit")}
      </button>
      {account.creditLimit !== null && (
        <button type="button" className="link" data-testid="limit-close" onClick={() => save(null)}>
          {t("accounts.closeAccount")}
        </button>
      )}
      <ErrorText text={error} testId="limit-error" />
    </div>
  );
}
