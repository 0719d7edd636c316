import { ApiError } from "@mostrador/contracts/http-client";
import type { Product, ScanAnswer } from "@mostrador/contracts/http/catalog";
import type { Exchange } from "@mostrador/contracts/http/exchanges";
import type { Approval, PaymentMethod, Sale } from "@mostrador/contracts/http/sales";
import { TENDER_METHODS } from "@mostrador/contracts/pos/payments";
import { useState } from "react";
import { v7 as uuidv7 } from "uuid";
import { get, post } from "../api/client.js";
import { useCash } from "../cash/cash-store.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { centavosToInput, parseKilograms, parseWhole } from "../input/parse-decimal.js";
import { useNotices } from "../notices/notice-store.js";
import { proposedRefunds, refundFor, returnableOf } from "../returns/return-logic.js";
import { ApprovalDialog } from "../shared/ApprovalDialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { centavosOf, MoneyInput } from "../shared/MoneyInput.js";
import { ScanInput } from "../till/ScanInput.js";
import { VariantPicker } from "../variants/VariantPicker.js";
import {
  addItem,
  changeOfRows,
  exchangeFigures,
  type MoneyRow,
  type NewItem,
  newItemsTotal,
  rowsSettle,
} from "./exchange-logic.js";
import { ExchangeReceiptDialog } from "./ExchangeReceiptDialog.js";
import "../returns/returns.css";
import "./exchanges.css";

interface Props {
  sale: Sale;
  onDone: () => void;
}

interface RowText {
  method: PaymentMethod;
  amountText: string;
  tenderedText: string;
  reference: string;
}

/** A scanned item: label-scale codes carry their own weight or price, so the server reads the code again. */
type Item = NewItem & { barcode: string | null; labelTotal: number | null };

/**
 * A cambio in one screen: choose what comes back of the sale, scan or search what the customer takes, and
 * settle the difference — paid by any method(s) when the new items cost more, given back (by default the
 * way the sale was paid) when they cost less. One request, one operation, one ticket.
 */
export function ExchangeForm({ sale, onDone }: Props) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  // One id per exchange being prepared: a resend after a lost answer cannot record it twice.
  const [exchangeId] = useState(() => uuidv7());
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [items, setItems] = useState<Item[]>([]);
  const [itemText, setItemText] = useState<Record<string, string>>({});
  // null until the cashier touches the money rows: they then follow the difference.
  const [rows, setRows] = useState<RowText[] | null>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [approvalReason, setApprovalReason] = useState<string | null>(null);
  const [recorded, setRecorded] = useState<Exchange | null>(null);
  // A product with variants found by name: which size and colour the customer takes, as at the till.
  const [picking, setPicking] = useState<{ modelId: string; name: string } | null>(null);

  const returnQuantity = (lineId: string, unit: "each" | "kg"): number | null => {
    const text = quantities[lineId]?.trim() ?? "";
    if (!text) return 0;
    const result = unit === "kg" ? parseKilograms(text) : parseWhole(text);
    return result.ok ? result.value : null;
  };
  const chosen = sale.lines.map((line) => ({
    line,
    quantity: returnQuantity(line.id, line.unit),
    max: returnableOf(sale, line),
  }));
  const badReturn = chosen.some((c) => c.quantity === null || (c.quantity ?? 0) > c.max);
  const returned = chosen.reduce((s, c) => s + refundFor(c.line, c.quantity ?? 0), 0);

  const itemQuantity = (item: Item): number | null => {
    const text = itemText[item.key];
    if (text === undefined || item.labelTotal !== null) return item.quantity;
    const result = item.product.unit === "kg" ? parseKilograms(text) : parseWhole(text);
    return result.ok && result.value > 0 ? result.value : null;
  };
  const priced = items.map((i) => ({ ...i, quantity: itemQuantity(i) ?? 0 }));
  const badItem = items.some((i) => itemQuantity(i) === null);
  const taken =
    newItemsTotal(priced.filter((i) => i.labelTotal === null)) +
    priced.reduce((s, i) => s + (i.labelTotal ?? 0), 0);
  const figures = exchangeFigures(returned, taken);
  const { difference } = figures;

  // Until edited: the whole difference in cash when the customer pays; the sale's own methods in proportion
  // when the shop gives back (the server caps cards at what they paid).
  const proposed = (): RowText[] =>
    difference > 0
      ? [{ method: "cash", amountText: centavosToInput(difference), tenderedText: "", reference: "" }]
      : difference < 0
        ? proposedRefunds(sale, -difference)
            .filter((r) => r.amount > 0)
            .map((r) => ({
              method: r.method,
              amountText: centavosToInput(r.amount),
              tenderedText: "",
              reference: "",
            }))
        : [];
  const shown = rows ?? proposed();
  const moneyRows: MoneyRow[] = shown.map((r) => ({
    method: r.method,
    amount: centavosOf(r.amountText),
    tendered: r.tenderedText.trim() ? centavosOf(r.tenderedText) : null,
    reference: r.reference,
  }));
  const settled = rowsSettle(difference, moneyRows);
  const anyReturned = chosen.some((c) => (c.quantity ?? 0) > 0);
  const ready = anyReturned && items.length > 0 && !badReturn && !badItem && settled && !busy;

  const addProduct = (product: Product, quantity: number, scan?: ScanAnswer) => {
    setError(null);
    setRows(null);
    const label = scan && scan.source !== "barcode";
    if (label) {
      setItems([
        ...items,
        {
          key: `${product.id}-${items.length}-label`,
          product,
          quantity: scan.quantity,
          barcode: scan.barcode,
          labelTotal: scan.labelTotal ?? null,
        },
      ]);
      return;
    }
    const next = addItem(items, product, quantity).map((i) => ({
      barcode: null,
      labelTotal: null,
      ...i,
    })) as Item[];
    setItems(next);
    // A weighed product asks for its weight in the row (kg, as people say it).
    const added = next[next.length - 1];
    if (product.unit === "kg" && added) setItemText({ ...itemText, [added.key]: "" });
    else {
      const same = next.find((i) => i.product.id === product.id);
      if (same && itemText[same.key] !== undefined)
        setItemText({ ...itemText, [same.key]: String(same.quantity) });
    }
  };

  const onCode = async (code: string) => {
    try {
      const scan = await get<ScanAnswer>(`/api/scan/${encodeURIComponent(code)}`);
      addProduct(scan.product, scan.quantity > 0 ? scan.quantity : 1, scan);
    } catch (e) {
      setError(format.error(e));
    }
  };

  const send = async (approval: Approval | null) => {
    setBusy(true);
    setError(null);
    try {
      const exchange = await post<Exchange>("/api/exchanges", {
        id: exchangeId,
        saleId: sale.id,
        returnLines: chosen
          .filter((c) => (c.quantity ?? 0) > 0)
          .map((c) => ({ saleLineId: c.line.id, quantity: c.quantity })),
        newLines: priced.map((i) =>
          i.barcode !== null ? { barcode: i.barcode } : { productId: i.product.id, quantity: i.quantity },
        ),
        payments:
          difference > 0
            ? moneyRows.map((r) => ({
                method: r.method,
                amount: r.amount,
                ...(r.tendered !== null ? { tendered: r.tendered } : {}),
                ...(r.reference.trim() ? { reference: r.reference.trim() } : {}),
              }))
            : [],
        refunds:
          difference < 0
            ? moneyRows.map((r) => ({
                method: r.method,
                amount: r.amount,
                ...(r.reference.trim() ? { reference: r.reference.trim() } : {}),
              }))
            : [],
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(approval ? { approval } : {}),
      });
      notify("info", t("exchange.done"));
      setRecorded(exchange);
      void useCash
        .getState()
        .refresh()
        .catch(() => {});
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

  const setRow = (i: number, patch: Partial<RowText>) =>
    setRows(shown.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <section className="screen exchange-form" data-testid="exchange-form">
      <h1>
        {t("exchange.title", { number: sale.displayNumber })} · {format.dateTime(sale.createdAt)}
      </h1>
      <h2>{t("exchange.back")}</h2>
      <table className="list">
        <thead>
          <tr>
            <th />
            <th className="num">{t("returns.sold")}</th>
            <th className="num">{t("returns.returned")}</th>
            <th>{t("returns.toReturn")}</th>
            <th className="num">{t("exchange.credit")}</th>
          </tr>
        </thead>
        <tbody>
          {chosen.map(({ line, quantity, max }) => (
            <tr key={line.id} data-testid="exchange-return-line">
              <td>{line.description}</td>
              <td className="num">{format.quantity(line.quantity, line.unit)}</td>
              <td className="num">{format.quantity(line.quantity - max, line.unit)}</td>
              <td>
                <input
                  type="text"
                  inputMode="decimal"
                  maxLength={10}
                  disabled={max === 0}
                  aria-label={`${t("returns.toReturn")}: ${line.description}`}
                  aria-invalid={quantity === null || (quantity ?? 0) > max ? true : undefined}
                  placeholder={line.unit === "kg" ? "kg" : "0"}
                  value={quantities[line.id] ?? ""}
                  data-testid="exchange-return-qty"
                  onChange={(e) => {
                    setRows(null);
                    setQuantities({ ...quantities, [line.id]: e.target.value });
                  }}
                />
              </td>
              <td className="num">{format.money(refundFor(line, quantity ?? 0))}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t("exchange.takes")}</h2>
      {/* The scan field takes focus, as at the till; "+" on it confirms, as "+" pays there. */}
      <ScanInput
        onCode={onCode}
        onPick={(p) => addProduct(p, 1)}
        onPickModel={(modelId, name) => setPicking({ modelId, name })}
        onKey={(key) => {
          if (key !== "+") return false;
          if (ready && !recorded) void send(null);
          return true;
        }}
      />
      {items.length === 0 && <p className="muted">{t("exchange.scanHint")}</p>}
      {items.length > 0 && (
        <table className="list">
          <tbody>
            {priced.map((item) => (
              <tr key={item.key} data-testid="exchange-new-line">
                <td>{item.product.name}</td>
                <td>
                  {item.labelTotal !== null || item.barcode !== null ? (
                    format.quantity(item.quantity, item.product.unit)
                  ) : (
                    <input
                      type="text"
                      inputMode="decimal"
                      maxLength={10}
                      aria-label={`${t("exchange.quantity")}: ${item.product.name}`}
                      placeholder={item.product.unit === "kg" ? "kg" : "1"}
                      value={itemText[item.key] ?? String(item.quantity)}
                      data-testid="exchange-new-qty"
                      onChange={(e) => {
                        setRows(null);
                        setItemText({ ...itemText, [item.key]: e.target.value });
                      }}
                    />
                  )}
                </td>
                <td className="num">{format.money(item.product.price)}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    data-testid="exchange-remove-line"
                    onClick={() => {
                      setRows(null);
                      setItems(items.filter((i) => i.key !== item.key));
                    }}
                  >
                    {t("exchange.remove")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <dl className="exchange-figures">
        <dt>{t("exchange.returnedTotal")}</dt>
        <dd data-testid="exchange-returned">{format.money(figures.returned)}</dd>
        <dt>{t("exchange.takenTotal")}</dt>
        <dd data-testid="exchange-taken">{format.money(figures.taken)}</dd>
        <dt>
          {difference > 0
            ? t("exchange.toPay")
            : difference < 0
              ? t("exchange.toRefund")
              : t("exchange.even")}
        </dt>
        <dd data-testid="exchange-difference" className="exchange-difference">
          {format.money(Math.abs(difference))}
        </dd>
      </dl>

      {difference !== 0 &&
        shown.map((r, i) => (
          // money rows have no id of their own and are only appended.
          <div className="row-form" key={`row-${i}`} data-testid="exchange-money-row">
            <select
              value={r.method}
              aria-label={t("report.method")}
              data-testid="exchange-money-method"
              onChange={(e) => setRow(i, { method: e.target.value as PaymentMethod })}
            >
              {TENDER_METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`pay.${m}`)}
                </option>
              ))}
            </select>
            <MoneyInput
              testId="exchange-money-amount"
              aria-label={t("pay.amount")}
              value={r.amountText}
              onChange={(text) => setRow(i, { amountText: text })}
            />
            {difference > 0 && r.method === "cash" && (
              <MoneyInput
                testId="exchange-money-tendered"
                aria-label={t("pay.tendered")}
                placeholder={t("pay.tendered")}
                value={r.tenderedText}
                onChange={(text) => setRow(i, { tenderedText: text })}
              />
            )}
            {r.method !== "cash" && (
              <input
                type="text"
                maxLength={60}
                placeholder={t("pay.reference")}
                value={r.reference}
                data-testid="exchange-money-reference"
                onChange={(e) => setRow(i, { reference: e.target.value })}
              />
            )}
          </div>
        ))}
      {difference !== 0 && (
        <button
          type="button"
          data-testid="exchange-add-row"
          onClick={() =>
            setRows([...shown, { method: "cash", amountText: "0", tenderedText: "", reference: "" }])
          }
        >
          {t("returns.addRefund")}
        </button>
      )}
      {difference > 0 && changeOfRows(moneyRows) > 0 && (
        <p className="total-line" data-testid="exchange-change">
          {t("pay.change")}: <strong>{format.money(changeOfRows(moneyRows))}</strong>
        </p>
      )}
      {difference !== 0 && !settled && (
        <p className="warning">{t("exchange.mismatch", { total: format.money(Math.abs(difference)) })}</p>
      )}
      <label>
        {t("returns.reason")}
        <input
          type="text"
          maxLength={200}
          placeholder={t("exchange.defaultReason")}
          value={reason}
          data-testid="exchange-reason"
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <ErrorText text={error} testId="exchange-error" />
      <div className="actions">
        <button type="button" onClick={onDone}>
          {t("common.back")}
        </button>
        <button
          type="button"
          className="primary"
          disabled={!ready || recorded !== null}
          data-testid="exchange-submit"
          onClick={() => void send(null)}
        >
          {t("exchange.submit")}
        </button>
      </div>
      {approvalReason && (
        <ApprovalDialog
          reason={approvalReason}
          onCancel={() => setApprovalReason(null)}
          onApprove={async (approval) => {
            await send(approval);
            setApprovalReason(null);
          }}
        />
      )}
      {picking && (
        <VariantPicker
          modelId={picking.modelId}
          name={picking.name}
          onClose={() => setPicking(null)}
          onPick={(variant) => {
            setPicking(null);
            addProduct(variant, 1);
          }}
        />
      )}
      {recorded && <ExchangeReceiptDialog exchange={recorded} onDone={onDone} />}
    </section>
  );
}
