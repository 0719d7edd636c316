import { ApiError } from "@mostrador/contracts/http-client";
import { type CardHistory, type CardView, printedNumberInQr } from "@mostrador/contracts/http/cards";
import type { Approval } from "@mostrador/contracts/http/sales";
import { useEffect, useState } from "react";
import { v7 as uuidv7 } from "uuid";
import { useCash } from "../cash/cash-store.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useSession } from "../session/session-store.js";
import { ApprovalDialog } from "../shared/ApprovalDialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { CardActions } from "./CardActions.js";
import { CardHistoryTable } from "./CardHistoryTable.js";
import { CardSettingsForm } from "./CardSettingsForm.js";
import { CardsReportsPanel } from "./CardsReportsPanel.js";
import { CardsShiftReport } from "./CardsShiftReport.js";
import { fetchCardHistory, lookupCard } from "./cards-api.js";
import { IssueCardForm } from "./IssueCardForm.js";
import { TopUpForm } from "./TopUpForm.js";
import { UidField } from "./UidField.js";
import "./cards.css";

/** A manager's approval asked for by the server (403), then the same call again with it. */
export interface ApprovalAsk {
  reason: string;
  retry: (approval: Approval) => Promise<void>;
}

/**
 * "Tarjetas", the cash desk: tap a card (or type its UID) to see its balance and history; an unknown card
 * is issued in the same place; top up by keyboard (amount, Enter); block, transfer to a new card, cash out,
 * and void a mistaken top-up (a manager, or a manager's PIN). Below, the shift's card figures. Managers have a
 * second tab, Reportes: any shift, till or period, the balance at a moment, the unused balance at expiry.
 */
export function CardsScreen() {
  const t = useT();
  const format = useFormat();
  const session = useCash((s) => s.session);
  const canManage = useSession((s) => s.can("cards.manage"));
  const [history, setHistory] = useState<CardHistory | null>(null);
  const [unknownUid, setUnknownUid] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ask, setAsk] = useState<ApprovalAsk | null>(null);
  const [changed, setChanged] = useState(0);
  // Where a reader's tap goes: the new card of a transfer, else the card field. None while the printed number
  // field has the focus (a barcode scanner may read the number printed on the card there).
  const [transferring, setTransferring] = useState(false);
  const [scanning, setScanning] = useState(false);
  // Reportes is a manager's tab; the cash desk is everyone's.
  const [tab, setTab] = useState<"desk" | "reports">("desk");
  useEffect(() => {
    void useCash
      .getState()
      .refresh()
      .catch(() => {});
  }, []);

  const open = (card: CardView) => {
    setUnknownUid(null);
    setTransferring(false);
    setScanning(false);
    fetchCardHistory(card.id)
      .then(setHistory)
      .catch((e) => setError(format.error(e)));
  };
  const read = (uid: string) => {
    setError(null);
    setScanning(false);
    lookupCard(uid)
      .then(open)
      .catch((e) => {
        setHistory(null);
        // An unknown chip is issued in place; an unknown printed number (a wristband's QR) is only said.
        if (e instanceof ApiError && e.code === "card_not_found" && printedNumberInQr(uid) === null)
          setUnknownUid(uid);
        else setError(format.error(e));
      });
  };
  const done = (card: CardView) => {
    setChanged((n) => n + 1);
    open(card);
  };
  /** Runs a card operation; a 403 asks for a manager's PIN and runs it again with it. */
  const run = async (op: (approval?: Approval) => Promise<CardView>) => {
    setError(null);
    try {
      done(await op());
    } catch (e) {
      if (e instanceof ApiError && e.status === 403) {
        setAsk({ reason: format.error(e), retry: async (approval) => done(await op(approval)) });
      } else setError(format.error(e));
    }
  };

  const tabs = canManage && (
    <div className="segmented inline" role="tablist">
      {(["desk", "reports"] as const).map((x) => (
        <button
          key={x}
          type="button"
          role="tab"
          aria-selected={tab === x}
          className={tab === x ? "selected" : ""}
          data-testid={`cards-tab-${x}`}
          onClick={() => setTab(x)}
        >
          {t(`cards.tab.${x}`)}
        </button>
      ))}
    </div>
  );
  if (tab === "reports" && canManage)
    return (
      <div className="cards-screen" data-testid="cards-screen">
        {tabs}
        <CardsReportsPanel />
      </div>
    );

  return (
    <div className="cards-screen" data-testid="cards-screen">
      {tabs}
      <section className="card">
        <h2>{t("cards.title")}</h2>
        {!session && <p className="warning">{t("cards.noSession")}</p>}
        <UidField
          testId="cards-uid"
          onUid={read}
          onRefused={setError}
          hearReaders={!transferring && !scanning}
        />
        <ErrorText text={error} testId="cards-error" />
      </section>
      {unknownUid && (
        <IssueCardForm
          key={unknownUid}
          uid={unknownUid}
          onScanField={setScanning}
          onIssued={(card) => {
            setChanged((n) => n + 1);
            open(card);
          }}
        />
      )}
      {history && (
        <section className="card" data-testid="card-panel">
          <CardFigures card={history.card} />
          {history.card.status === "active" && (
            <TopUpForm key={history.card.id} card={history.card} onDone={done} />
          )}
          <CardActions
            card={history.card}
            run={run}
            newRequestId={uuidv7}
            transferring={transferring}
            setTransferring={setTransferring}
          />
          <CardHistoryTable history={history} canManage={canManage} run={run} />
        </section>
      )}
      {session && <CardsShiftReport sessionId={session.id} changed={changed} />}
      {canManage && <CardSettingsForm />}
      {ask && (
        <ApprovalDialog
          reason={ask.reason}
          onCancel={() => setAsk(null)}
          onApprove={async (approval) => {
            await ask.retry(approval);
            setAsk(null);
          }}
        />
      )}
    </div>
  );
}

function CardFigures({ card }: { card: CardView }) {
  const t = useT();
  const format = useFormat();
  return (
    <div className="card-figures">
      <div className="card-balance">
        <span>{t("cards.balance")}</span>
        <strong data-testid="card-balance">{format.money(card.balance)}</strong>
      </div>
      <dl>
        <dt>{t("cards.uid")}</dt>
        <dd data-testid="card-uid">{card.uid}</dd>
        {card.printedNumber && (
          <>
            <dt>{t("cards.printedNumber")}</dt>
            <dd>{card.printedNumber}</dd>
          </>
        )}
        <dt>{t("cards.statusLabel")}</dt>
        <dd data-testid="card-status" className={card.status === "active" ? "" : "warning"}>
          {t(`cards.status.${card.status}`)}
          {card.blockedReason ? ` (${card.blockedReason})` : ""}
        </dd>
        <dt>{t("cards.customer")}</dt>
        <dd>{card.customer?.name ?? t("cards.anonymous")}</dd>
        <dt>{t("cards.deposit")}</dt>
        <dd data-testid="card-deposit">
          {format.money(card.deposit)}{" "}
          {card.depositReturnedAt
            ? t("cards.depositReturned")
            : card.depositRefundable
              ? t("cards.depositRefundable")
              : t("cards.depositKept")}
        </dd>
      </dl>
    </div>
  );
}
