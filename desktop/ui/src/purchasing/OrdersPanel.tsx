import { useEffect, useState } from "react";
import type { PurchaseOrder, PurchaseOrderStatus } from "@mostrador/contracts/http/purchasing";
import type { MessageKey } from "../i18n/i18n.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { ConfirmDialog } from "../shared/ConfirmDialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { LineEditor } from "./LineEditor.js";
import { costToInput, type EntryLine, quantityToInput, readLine } from "./line-entry.js";
import { usePurchasing } from "./purchasing-store.js";

export const STATUS_KEY: Record<PurchaseOrderStatus, MessageKey> = {
  draft: "purchasing.status.draft",
  sent: "purchasing.status.sent",
  partly_received: "purchasing.status.partly_received",
  received: "purchasing.status.received",
  cancelled: "purchasing.status.cancelled",
};

/** Every line read, or the message of the first wrong one (nothing is sent until all are right). */
function readAll(lines: EntryLine[], t: ReturnType<typeof useT>) {
  const out = [];
  for (const [i, l] of lines.entries()) {
    const r = readLine(l);
    if (!r.ok)
      return {
        error: t(r.problem === "quantity" ? "purchasing.badQuantity" : "purchasing.badCost", {
          n: i + 1,
          name: l.name,
        }),
      };
    out.push(r.value);
  }
  return { lines: out };
}

/** A new draft order: supplier, then lines by code. */
function NewOrderForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const { suppliers, loadSuppliers, createOrder } = usePurchasing();
  const [supplierId, setSupplierId] = useState("");
  const [lines, setLines] = useState<EntryLine[]>([]);
  const [error, setError] = useState<string | null>(null);
  // runs on mount, not on every render.
  useEffect(() => {
    loadSuppliers().catch((e) => setError(format.error(e)));
  }, []);
  const save = async () => {
    setError(null);
    if (!supplierId) return setError(t("purchasing.pickSupplier"));
    if (lines.length === 0) return setError(t("purchasing.noLines"));
    const read = readAll(lines, t);
    if ("error" in read) return setError(read.error ?? null);
    try {
      const order = await createOrder({ supplierId, lines: read.lines });
      notify("info", t("purchasing.orderCreated", { number: order.number }));
      onDone();
    } catch (e) {
      setError(format.error(e));
    }
  };
  return (
    <form
      className="purchasing-form"
      data-testid="order-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label>
        {t("purchasing.supplier")}
        <select
          value={supplierId}
          data-testid="order-supplier"
          onChange={(e) => setSupplierId(e.target.value)}
        >
          <option value="">—</option>
          {suppliers
            .filter((s) => s.active)
            .map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
        </select>
      </label>
      <LineEditor lines={lines} onChange={setLines} allowAdd testId="order" />
      <ErrorText text={error} testId="order-error" />
      <div className="row-form">
        <button type="button" className="primary" data-testid="order-save" onClick={() => void save()}>
          {t("purchasing.saveDraft")}
        </button>
        <button type="button" onClick={onDone}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}

/** Receiving: against an order (pending quantities and its costs filled in) or without one. */
function ReceiveForm({ order, onDone }: { order: PurchaseOrder | null; onDone: () => void }) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const receive = usePurchasing((s) => s.receive);
  const [lines, setLines] = useState<EntryLine[]>(
    order
      ? order.lines.map((l) => ({
          productId: l.productId,
          name: l.productName,
          sku: l.sku,
          unit: l.unit,
          barcodes: l.barcodes,
          quantity: quantityToInput(Math.max(l.quantity - l.received, 0), l.unit),
          cost: costToInput(l.unitCost),
          ordered: l.quantity,
          received: l.received,
        }))
      : [],
  );
  const [allowOver, setAllowOver] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setError(null);
    // A line left at zero did not come this time: it is left out of the receipt.
    const arriving = lines.filter((l) => !/^\s*0*([.,]0*)?\s*$/.test(l.quantity));
    if (arriving.length === 0) return setError(t("purchasing.noLines"));
    const read = readAll(arriving, t);
    if ("error" in read) return setError(read.error ?? null);
    try {
      const result = await receive({ orderId: order?.id ?? null, lines: read.lines, allowOver });
      notify("info", t("purchasing.received", { total: format.money(result.total) }));
      onDone();
    } catch (e) {
      setError(format.error(e));
    }
  };
  return (
    <form
      className="purchasing-form"
      data-testid="receive-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2>
        {order
          ? t("purchasing.receiveOrder", { number: order.number, supplier: order.supplierName })
          : t("purchasing.receiveWithout")}
      </h2>
      <LineEditor lines={lines} onChange={setLines} allowAdd={!order} testId="receive" />
      {order && (
        <label className="inline">
          <input
            type="checkbox"
            checked={allowOver}
            data-testid="receive-allow-over"
            onChange={(e) => setAllowOver(e.target.checked)}
          />
          {t("purchasing.allowOver")}
        </label>
      )}
      <ErrorText text={error} testId="receive-error" />
      <div className="row-form">
        <button type="button" className="primary" data-testid="receive-save" onClick={() => void save()}>
          {t("purchasing.confirmReceipt")}
        </button>
        <button type="button" onClick={onDone}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}

/** Purchase orders: the list with what can be done to each, a new draft, and receiving. */
export function OrdersPanel() {
  const t = useT();
  const format = useFormat();
  const { orders, loadOrders, sendOrder, cancelOrder } = usePurchasing();
  const [mode, setMode] = useState<
    { kind: "list" } | { kind: "new" } | { kind: "receive"; order: PurchaseOrder | null }
  >({ kind: "list" });
  const [error, setError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState<PurchaseOrder | null>(null);
  // runs on mount, not on every render.
  useEffect(() => {
    loadOrders().catch((e) => setError(format.error(e)));
  }, []);
  const act = (fn: () => Promise<void>) => {
    setError(null);
    fn().catch((e) => setError(format.error(e)));
  };
  if (mode.kind === "new") return <NewOrderForm onDone={() => setMode({ kind: "list" })} />;
  if (mode.kind === "receive")
    return <ReceiveForm order={mode.order} onDone={() => setMode({ kind: "list" })} />;
  return (
    <div data-testid="orders-panel">
      <div className="row-form">
        <p className="muted grow">{t("purchasing.orderCount", { n: orders.length })}</p>
        <button
          type="button"
          data-testid="receive-without"
          onClick={() => setMode({ kind: "receive", order: null })}
        >
          {t("purchasing.receiveWithout")}
        </button>
        <button
          type="button"
          className="primary"
          data-testid="order-new"
          onClick={() => setMode({ kind: "new" })}
        >
          {t("purchasing.newOrder")}
        </button>
      </div>
      <ErrorText text={error} testId="orders-error" />
      <table className="list static">
        <thead>
          <tr>
            <th>{t("purchasing.number")}</th>
            <th>{t("purchasing.supplier")}</th>
            <th>{t("purchasing.status")}</th>
            <th>{t("purchasing.total")}</th>
            <th>{t("purchasing.date")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.id} data-testid="order-row">
              <td>{o.number}</td>
              <td>{o.supplierName}</td>
              <td data-testid="order-status">{t(STATUS_KEY[o.status])}</td>
              <td>{format.money(o.total)}</td>
              <td>{format.dateTime(o.createdAt)}</td>
              <td className="actions">
                {o.status === "draft" && (
                  <button type="button" data-testid="order-send" onClick={() => act(() => sendOrder(o.id))}>
                    {t("purchasing.send")}
                  </button>
                )}
                {(o.status === "sent" || o.status === "partly_received") && (
                  <button
                    type="button"
                    className="primary"
                    data-testid="order-receive"
                    onClick={() => setMode({ kind: "receive", order: o })}
                  >
                    {t("purchasing.receive")}
                  </button>
                )}
                {o.status !== "received" && o.status !== "cancelled" && (
                  <button type="button" data-testid="order-cancel" onClick={() => setCancelling(o)}>
                    {t("purchasing.cancelOrder")}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {cancelling && (
        <ConfirmDialog
          title={t("purchasing.cancelTitle", { number: cancelling.number })}
          message={t("purchasing.cancelConfirm")}
          confirmLabel={t("purchasing.cancelOrder")}
          onCancel={() => setCancelling(null)}
          onConfirm={() => {
            const id = cancelling.id;
            setCancelling(null);
            act(() => cancelOrder(id));
          }}
        />
      )}
    </div>
  );
}
