import { ApiError } from "@mostrador/contracts/http-client";
import type { Charge } from "@mostrador/contracts/http/mercadopago";
import { QRCodeSVG } from "qrcode.react";
import { useEffect, useRef, useState } from "react";
import { api, get, post } from "../api/client.js";
import { useDisplayExtras } from "../customer-display/display-extras-store.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import type { MessageKey } from "../i18n/i18n.js";
import { ErrorText } from "../shared/ErrorText.js";
import "./mercadopago.css";

const OPEN = new Set(["sending", "created", "at_terminal", "action_required"]);
const STATUS_TEXT: Record<Charge["status"], MessageKey> = {
  sending: "mp.status.sending",
  created: "mp.status.created",
  at_terminal: "mp.status.at_terminal",
  action_required: "mp.status.action_required",
  processed: "mp.status.processed",
  canceled: "mp.status.canceled",
  expired: "mp.status.expired",
  refunded: "mp.status.refunded",
  failed: "mp.status.failed",
};

// What MP's status_detail of an action_required order asks (its "Status de la order" table); others are named as MP sends them.
const ACTION_REQUIRED_TEXT: Record<string, MessageKey> = {
  check_on_terminal: "mp.action.check_on_terminal",
  waiting_payment: "mp.action.waiting_payment",
  waiting_capture: "mp.action.waiting_capture",
};

/** The cashier's words for what MP is waiting on. */
function actionRequiredText(t: ReturnType<typeof useT>, detail: string | null): string {
  const key = detail ? ACTION_REQUIRED_TEXT[detail] : undefined;
  return key ? t(key) : t("mp.action.other", { detail: detail ?? "?" });
}

interface Props {
  /** The sale's client id: the charge's idempotency key is derived from it (a retry never charges twice). */
  saleRef: string;
  amount: number;
  /** MP confirmed the payment: the dialog adds it as a "mercadopago" payment naming the charge. */
  onPaid(charge: Charge): void;
}

/**
 * The payment dialog's Mercado Pago panel: charge the amount due by dynamic QR (drawn here) or on the
 * till's Point terminal, follow MP's states, cancel. Only "processed" (MP's own answer) adds a payment;
 * no internet says so, and the cashier picks another method. Closing while a charge is open gives it up
 * (cancelled where MP allows; if MP confirms it anyway it is listed "sin venta" in Ajustes).
 */
export function MercadoPagoCharge({ saleRef, amount, onPaid }: Props) {
  const t = useT();
  const format = useFormat();
  const [charge, setCharge] = useState<Charge | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = useRef<Charge | null>(null);
  const paid = useRef(false);
  open.current = charge && OPEN.has(charge.status) ? charge : null;

  // Closing the dialog (or choosing another method) with a charge still open gives it up.
  useEffect(
    () => () => {
      if (open.current)
        void post(`/api/mercadopago/charges/${open.current.id}/abandon`).catch(() => undefined);
    },
    [],
  );

  // While MP may still answer: read the order again (the appliance asks MP; the cloud's relay also lands there).
  const chargeId = charge?.id ?? null;
  const waitingNow = charge !== null && OPEN.has(charge.status);
  useEffect(() => {
    if (!chargeId || !waitingNow) return;
    const timer = setInterval(() => {
      get<Charge>(`/api/mercadopago/charges/${chargeId}`)
        .then(setCharge)
        .catch(() => undefined);
    }, 1500);
    return () => clearInterval(timer);
  }, [chargeId, waitingNow]);

  // The customer display shows the QR big while it may be paid, and MP's approval; nothing once given up.
  useEffect(() => {
    const setQr = useDisplayExtras.getState().setMercadoPago;
    if (!charge?.qrData) return;
    if (OPEN.has(charge.status)) setQr({ qrData: charge.qrData, amount: charge.amount, status: "waiting" });
    else if (charge.status === "processed")
      setQr({ qrData: charge.qrData, amount: charge.amount, status: "paid" });
    else setQr(null);
  }, [charge?.qrData, charge?.status, charge?.amount]);
  // Given up, the QR goes; approved, "Pago aprobado" stays until the sale is done (the panel closes at once).
  useEffect(
    () => () => {
      const extras = useDisplayExtras.getState();
      if (extras.mercadoPago?.status !== "paid") extras.setMercadoPago(null);
    },
    [],
  );

  // MP's "processed" adds the payment, once.
  const onPaidRef = useRef(onPaid);
  onPaidRef.current = onPaid;
  useEffect(() => {
    if (charge?.status === "processed" && !paid.current) {
      paid.current = true;
      onPaidRef.current(charge);
    }
  }, [charge]);

  const start = (kind: "qr" | "point") => {
    setError(null);
    setBusy(true);
    api<Charge>("POST", "/api/mercadopago/charges", { saleRef, amount, kind })
      .then(setCharge)
      .catch((e) => {
        setError(
          e instanceof ApiError && e.code === "mercadopago_unreachable" ? t("mp.offline") : format.error(e),
        );
      })
      .finally(() => setBusy(false));
  };
  const cancel = () => {
    if (!charge) return;
    setError(null);
    api<Charge>("POST", `/api/mercadopago/charges/${charge.id}/cancel`)
      .then(setCharge)
      .catch((e) => setError(format.error(e)));
  };

  const waiting = charge && OPEN.has(charge.status);
  return (
    <div className="mp-charge" data-testid="mp-charge">
      {(!charge || !waiting) && charge?.status !== "processed" && (
        <div className="mp-start">
          <button
            type="button"
            className="primary"
            disabled={busy}
            data-testid="mp-charge-qr"
            onClick={() => start("qr")}
          >
            {t("mp.chargeQr", { amount: format.money(amount) })}
          </button>
          <button type="button" disabled={busy} data-testid="mp-charge-point" onClick={() => start("point")}>
            {t("mp.chargePoint")}
          </button>
        </div>
      )}
      {charge && (
        <div className="mp-state">
          {charge.qrData && waiting && (
            <div className="mp-qr" data-testid="mp-qr">
              <QRCodeSVG value={charge.qrData} size={220} marginSize={2} />
            </div>
          )}
          <p className={`mp-status mp-status-${charge.status}`} data-testid="mp-charge-status" role="status">
            {t(STATUS_TEXT[charge.status], { amount: format.money(charge.amount) })}
          </p>
          {charge.status === "action_required" && (
            <p className="mp-status-detail" data-testid="mp-charge-detail">
              {actionRequiredText(t, charge.statusDetail)}
            </p>
          )}
          {waiting && (
            <button type="button" data-testid="mp-cancel" onClick={cancel}>
              {t("mp.cancelCharge")}
            </button>
          )}
        </div>
      )}
      <ErrorText text={error} testId="mp-charge-error" />
    </div>
  );
}

/** Whether this shop has Mercado Pago set up (the payment dialog offers it only then). */
export function useMercadoPagoReady(): boolean {
  const [ready, setReady] = useState(false);
  // runs on mount, not on every render.
  useEffect(() => {
    get<{ connected: boolean }>("/api/mercadopago/account")
      .then((a) => setReady(a.connected))
      .catch(() => setReady(false));
  }, []);
  return ready;
}
