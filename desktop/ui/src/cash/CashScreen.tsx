import { useEffect, useState } from "react";
import { get, post } from "../api/client.js";
import type { CashReport, CashSession } from "@mostrador/contracts/http/cash";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { useSession } from "../session/session-store.js";
import { ConfirmDialog } from "../shared/ConfirmDialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { amountOf, MoneyInput } from "../shared/MoneyInput.js";
import { useCash } from "./cash-store.js";
import { DrawerCard } from "./DrawerCard.js";
import { ReportView } from "./ReportView.js";
import "./cash.css";

/** Open with a float, cash in/out with a reason, X report, blind close → Z report. */
export function CashScreen() {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const { session, loaded, refresh, set } = useCash();
  const canClose = useSession((s) => s.can("cash.close_z"));
  const [floatText, setFloatText] = useState("");
  const [kind, setKind] = useState<"in" | "out">("out");
  const [amountText, setAmountText] = useState("");
  const [reason, setReason] = useState("");
  const [countedText, setCountedText] = useState("");
  const [report, setReport] = useState<{ kind: "x" | "z"; data: CashReport } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The Z close is irreversible: the count is confirmed in a dialog before it is sent.
  const [confirmClose, setConfirmClose] = useState(false);

  // runs on mount (or when the listed key changes), not on every render.
  useEffect(() => {
    refresh().catch((e) => setError(format.error(e)));
  }, []);

  const run = async (action: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  const open = () =>
    run(async () => {
      const openingFloat = amountOf(floatText, "cash");
      if (openingFloat === null) return;
      set(await post<CashSession>("/api/cash/open", { openingFloat }));
      setFloatText("");
      setReport(null);
    });

  const move = () =>
    run(async () => {
      const amount = amountOf(amountText, "payment");
      if (amount === null || !reason.trim()) return;
      set(await post<CashSession>("/api/cash/movements", { kind, amount, reason: reason.trim() }));
      setAmountText("");
      setReason("");
      notify("info", t("cash.recorded"));
    });

  const xReport = () =>
    run(async () => setReport({ kind: "x", data: await get<CashReport>("/api/cash/x-report") }));

  const close = () =>
    run(async () => {
      const countedCash = amountOf(countedText, "cash");
      if (countedCash === null) return;
      const z = await post<CashReport>("/api/cash/close", { countedCash });
      setReport({ kind: "z", data: z });
      setCountedText("");
      set(null);
    });

  // The Z report comes first after a close (it is what the person came for); an X report sits under the session.
  const reportBlock = report && (
    <div className="report-wrap">
      <ReportView report={report.data} kind={report.kind} />
      <button type="button" data-testid="report-print" onClick={() => window.print()}>
        {t("common.print")}
      </button>
    </div>
  );

  return (
    <section className="screen cash-screen" data-testid="cash-screen">
      <h1>{t("cash.title")}</h1>
      <ErrorText text={error} testId="cash-error" />
      {!loaded && <p>{t("common.loading")}</p>}
      {report?.kind === "z" && reportBlock}
      {loaded && !session && (
        <div className="card">
          <h2>{report?.kind === "z" ? t("cash.newSession") : t("cash.closed")}</h2>
          {/* the MoneyInput inside renders the <input> */}
          <label>
            {t("cash.openFloat")}
            <MoneyInput
              autoFocus={!report}
              testId="cash-open-float"
              field="cash"
              value={floatText}
              onChange={setFloatText}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  void open();
                }
              }}
            />
          </label>
          <button
            type="button"
            className="primary"
            disabled={busy || amountOf(floatText, "cash") === null}
            data-testid="cash-open-submit"
            onClick={() => void open()}
          >
            {t("cash.open")}
          </button>
        </div>
      )}
      {session && (
        <div className="cash-grid">
          <div className="card">
            <p data-testid="cash-session-info">
              {t("cash.openSince", {
                time: format.dateTime(session.openedAt),
                amount: format.money(session.openingFloat),
              })}
            </p>
            <h2>{t("cash.movement")}</h2>
            <div className="segmented">
              <button
                type="button"
                className={kind === "in" ? "selected" : ""}
                data-testid="cash-move-in"
                onClick={() => setKind("in")}
              >
                {t("cash.in")}
              </button>
              <button
                type="button"
                className={kind === "out" ? "selected" : ""}
                data-testid="cash-move-out"
                onClick={() => setKind("out")}
              >
                {t("cash.out")}
              </button>
            </div>
            {/* the MoneyInput inside renders the <input> */}
            <label>
              {t("cash.amount")}
              <MoneyInput
                testId="cash-move-amount"
                field="payment"
                value={amountText}
                onChange={setAmountText}
              />
            </label>
            <label>
              {t("cash.reason")}
              <input
                type="text"
                maxLength={200}
                value={reason}
                data-testid="cash-move-reason"
                onChange={(e) => setReason(e.target.value)}
              />
            </label>
            <button
              type="button"
              className="primary"
              disabled={busy || amountOf(amountText, "payment") === null || !reason.trim()}
              data-testid="cash-move-submit"
              onClick={() => void move()}
            >
              {t("cash.record")}
            </button>
            <hr />
            <button
              type="button"
              data-testid="cash-x-report"
              disabled={busy || !canClose}
              onClick={() => void xReport()}
            >
              {t("cash.xReport")}
            </button>
          </div>
          <div className="card">
            <h2>{t("cash.close")}</h2>
            <p className="hint">{t(canClose ? "cash.blindHint" : "cash.closeNeedsManager")}</p>
            {/* the MoneyInput inside renders the <input> */}
            <label>
              {t("cash.counted")}
              <MoneyInput
                testId="cash-close-counted"
                field="cash"
                value={countedText}
                onChange={setCountedText}
                disabled={!canClose}
              />
            </label>
            <button
              type="button"
              className="primary"
              disabled={busy || !canClose || amountOf(countedText, "cash") === null}
              data-testid="cash-close-submit"
              onClick={() => setConfirmClose(true)}
            >
              {t("cash.closeSubmit")}
            </button>
          </div>
        </div>
      )}
      {loaded && <DrawerCard />}
      {report?.kind === "x" && reportBlock}
      {confirmClose && (
        <ConfirmDialog
          title={t("cash.closeConfirmTitle")}
          message={t("cash.closeConfirm", { amount: format.money(amountOf(countedText, "cash") ?? 0) })}
          confirmLabel={t("cash.closeSubmit")}
          onCancel={() => setConfirmClose(false)}
          onConfirm={() => {
            setConfirmClose(false);
            void close();
          }}
        />
      )}
    </section>
  );
}
