import type {
  OnlineOrderDetail,
  OnlineOrdersAnswer,
  OnlineOrderSummary,
} from "@mostrador/contracts/http/online-orders";
import type { Approval } from "@mostrador/contracts/http/sales";
import { useEffect, useState } from "react";
import { ApiError } from "@mostrador/contracts/http-client";
import { get, post } from "../api/client.js";
import { ApprovalDialog } from "../shared/ApprovalDialog.js";
import type { MessageKey } from "../i18n/i18n.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ErrorText } from "../shared/ErrorText.js";
import { useOnlineOrdersFeed } from "./online-orders-feed-store.js";
import "./online-orders.css";

type StatusFilter = "" | OnlineOrderSummary["status"];

/**
 * "Pedidos online": the Tiendanube and Mercado Libre orders the cloud sent down, newest first, filtered
 * by status; a row opens the order with its lines (a line on no linked product says so). A paid order is
 * prepared into a sale ("Preparar"); one cancelled after its sale offers "Registrar la devolución". Re-read
 * when the server announces online_orders.changed. Keyboard: rows are focusable, Enter opens one, and the
 * order's button takes the focus so Enter does it.
 */
export function OnlineOrdersScreen() {
  const t = useT();
  const format = useFormat();
  const version = useOnlineOrdersFeed((s) => s.version);
  const [status, setStatus] = useState<StatusFilter>("");
  const [orders, setOrders] = useState<OnlineOrderSummary[] | null>(null);
  const [open, setOpen] = useState<OnlineOrderDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [approvalReason, setApprovalReason] = useState<string | null>(null);

  // runs when the filter changes or the server announces new orders, not on every render.
  useEffect(() => {
    setError(null);
    get<OnlineOrdersAnswer>(`/api/online-orders${status ? `?status=${status}` : ""}`)
      .then((a) => setOrders(a.orders))
      .catch((e) => setError(format.error(e)));
  }, [status, version]);

  const show = (id: string) =>
    get<OnlineOrderDetail>(`/api/online-orders/${id}`)
      .then(setOpen)
      .catch((e) => setError(format.error(e)));

  /** "Preparar": the order becomes a sale of the store (paid online); the till's number is shown. */
  const prepare = async (order: OnlineOrderDetail) => {
    setBusy(true);
    setError(null);
    try {
      const sale = await post<{ displayNumber: string }>(`/api/online-orders/${order.id}/prepare`, {});
      setDone(t("onlineOrders.prepared", { number: sale.displayNumber }));
      await show(order.id);
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  /** "Registrar la devolución": the till's return of the order's sale; a manager's PIN if needed. */
  const giveBack = async (order: OnlineOrderDetail, approval: Approval | null) => {
    setBusy(true);
    setError(null);
    try {
      const r = await post<{ displayNumber: string }>(`/api/online-orders/${order.id}/return`, {
        ...(approval ? { approval } : {}),
      });
      setDone(t("onlineOrders.returned", { number: r.displayNumber }));
      await show(order.id);
    } catch (e) {
      const needsManager =
        e instanceof ApiError && (e.status === 403 || (e.status === 401 && e.code !== "not_logged_in"));
      if (needsManager && !approval) setApprovalReason(format.error(e));
      else if (approval) throw e;
      else setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="screen online-orders" data-testid="online-orders-screen">
      <h1>{t("onlineOrders.title")}</h1>
      <label className="online-orders-filter">
        {t("onlineOrders.status")}
        <select
          value={status}
          onChange={(e) => setStatus(e.target.value as StatusFilter)}
          data-testid="online-orders-status"
        >
          <option value="">{t("onlineOrders.status.all")}</option>
          <option value="paid">{t("onlineOrders.status.paid")}</option>
          <option value="open">{t("onlineOrders.status.open")}</option>
          <option value="cancelled">{t("onlineOrders.status.cancelled")}</option>
        </select>
      </label>
      <ErrorText text={error} />
      {orders?.length === 0 && <p className="muted">{t("onlineOrders.empty")}</p>}
      {orders && orders.length > 0 && (
        <table className="card" data-testid="online-orders-list">
          <thead>
            <tr>
              <th>{t("onlineOrders.placedAt")}</th>
              <th>{t("onlineOrders.channel")}</th>
              <th>{t("onlineOrders.number")}</th>
              <th>{t("onlineOrders.buyer")}</th>
              <th>{t("onlineOrders.status")}</th>
              <th className="num">{t("onlineOrders.total")}</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr
                key={o.id}
                tabIndex={0}
                className={open?.id === o.id ? "selected" : ""}
                data-testid="online-order-row"
                onClick={() => {
                  setDone(null);
                  void show(o.id);
                }}
                onKeyDown={(e) => {
                  if (e.key === "Enter") {
                    setDone(null);
                    void show(o.id);
                  }
                }}
              >
                <td>{format.dateTime(o.placedAt)}</td>
                <td>{t(`onlineOrders.channel.${o.channel}` as MessageKey)}</td>
                <td>{o.number}</td>
                <td>{o.buyerName}</td>
                <td>
                  {t(`onlineOrders.status.${o.status}` as MessageKey)}
                  {o.prepared && <span> · {t("onlineOrders.preparedTag")}</span>}
                  {o.unlinkedLines > 0 && <span className="warning"> · {t("onlineOrders.unlinked")}</span>}
                </td>
                <td className="num">{format.money(o.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && (
        <article className="card online-order-detail" data-testid="online-order-detail">
          <h2>
            {t(`onlineOrders.channel.${open.channel}` as MessageKey)} · {t("onlineOrders.number")}{" "}
            {open.number}
          </h2>
          <p className="muted">
            {format.dateTime(open.placedAt)} · {open.buyerName} ·{" "}
            {t(`onlineOrders.status.${open.status}` as MessageKey)}
            {open.remotePackId && ` · ${t("onlineOrders.pack")} ${open.remotePackId}`}
          </p>
          <table>
            <tbody>
              {open.lines.map((l, i) => (
                <tr key={i}>
                  <td>{l.quantity} ×</td>
                  <td>
                    {l.productName ?? l.title}
                    {l.sku && <span className="muted"> · SKU {l.sku}</span>}
                    {!l.productId && <span className="warning"> · {t("onlineOrders.unlinked")}</span>}
                  </td>
                  <td className="num">{format.money(l.unitPrice * l.quantity)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="num">
            <strong>{format.money(open.total)}</strong>
          </p>
          {open.reserved && <p className="muted">{t("onlineOrders.reserved")}</p>}
          {open.sale && (
            <p data-testid="online-order-sale">
              {t("onlineOrders.saleOf", {
                number: open.sale.displayNumber,
                at: format.dateTime(open.sale.preparedAt),
              })}
            </p>
          )}
          {done && (
            <p className="success" role="status" data-testid="online-order-done">
              {done}
            </p>
          )}
          <div className="actions">
            {!open.sale && open.status === "paid" && (
              <button
                type="button"
                className="primary"
                disabled={busy}
                autoFocus
                data-testid="online-order-prepare"
                onClick={() => void prepare(open)}
              >
                {t("onlineOrders.prepare")}
              </button>
            )}
            {open.returnOwed && (
              <button
                type="button"
                disabled={busy}
                autoFocus
                data-testid="online-order-return"
                onClick={() => void giveBack(open, null)}
              >
                {t("onlineOrders.registerReturn")}
              </button>
            )}
          </div>
          {!open.sale && open.status === "open" && <p className="muted">{t("onlineOrders.waitPayment")}</p>}
          {open.returnOwed && <p className="warning">{t("onlineOrders.cancelledAfterSale")}</p>}
        </article>
      )}
      {approvalReason && open && (
        <ApprovalDialog
          reason={approvalReason}
          onCancel={() => setApprovalReason(null)}
          onApprove={async (approval) => {
            await giveBack(open, approval);
            setApprovalReason(null);
          }}
        />
      )}
    </section>
  );
}
