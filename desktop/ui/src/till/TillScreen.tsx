import { ApiError, query } from "@mostrador/contracts/http-client";
import { useEffect, useState } from "react";
import { get } from "../api/client.js";
import { BackupBanner } from "../backup/BackupBanner.js";
import { PlanBanner } from "../plan/PlanBanner.js";
import { CertificateBanner } from "../invoicing/CertificateBanner.js";
import type { PaymentInput, Sale } from "@mostrador/contracts/http/sales";
import type { Product, ProductPage, ScanAnswer } from "@mostrador/contracts/http/catalog";
import {
  addProduct as addToCart,
  type CartProduct,
  type CartState,
  cartTotals,
  isLabelLine,
  setQuantity as setCartQuantity,
  stockShortfalls,
} from "../cart/cart-logic.js";
import { selectedLine, useCart } from "../cart/cart-store.js";
import { useCash } from "../cash/cash-store.js";
import { ProductEditor } from "../catalog/ProductEditor.js";
import { customerByLoyaltyCode, saleCustomerOf } from "../customers/customer-api.js";
import { CustomerDialog } from "../customers/CustomerDialog.js";
import { SaleCustomer } from "../customers/SaleCustomer.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNav } from "../nav/nav-store.js";
import { useNotices } from "../notices/notice-store.js";
import { useSession } from "../session/session-store.js";
import { ConfirmDialog } from "../shared/ConfirmDialog.js";
import { isDialogOpen } from "../shared/focus-home.js";
import { CartTable } from "./CartTable.js";
import { DiscountDialog } from "./DiscountDialog.js";
import { PaymentDialog } from "./PaymentDialog.js";
import { QuantityDialog } from "./QuantityDialog.js";
import { ReceiptDialog } from "./ReceiptDialog.js";
import { ScanInput } from "./ScanInput.js";
import { ShortcutBar } from "./ShortcutBar.js";
import { TotalsPanel } from "./TotalsPanel.js";
import { VariantPicker } from "../variants/VariantPicker.js";
import { useDisplayExtras } from "../customer-display/display-extras-store.js";
import { openCustomerDisplay } from "../customer-display/open-display.js";
import { usePublishCustomerDisplay } from "../customer-display/use-publish-display.js";
import { changeOf } from "./payment-logic.js";
import "./till.css";

type Open =
  | { kind: "quantity"; product: CartProduct; lineKey: string | null; initial: number | null }
  | { kind: "discount" }
  | { kind: "pay" }
  | { kind: "receipt"; sale: Sale; payments: PaymentInput[] }
  | { kind: "cancelTicket" }
  | { kind: "newProduct"; barcode: string }
  | { kind: "customer" }
  | { kind: "variants"; modelId: string; name: string }
  | null;

/** The till: scan, build the ticket, discount, pay, print, next customer. */
export function TillScreen() {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const cart = useCart();
  const cash = useCash();
  const go = useNav((s) => s.go);
  const [open, setOpen] = useState<Open>(null);
  // The last scan found no product: offer a way forward (create it, or who to ask) until the next scan.
  const [unknownCode, setUnknownCode] = useState<string | null>(null);
  const canCreate = useSession((s) => s.can("catalog.edit"));
  const blockWithoutStock = useSession((s) => s.settings?.negativeStock === "block");
  // The customer display (if one is open for this till) follows the ticket.
  usePublishCustomerDisplay();

  // load once per screen entry, until the first answer.
  useEffect(() => {
    if (!cash.loaded) cash.refresh().catch(() => {});
  }, [cash.loaded]);

  const total = cartTotals(cart).total;
  const line = selectedLine(cart);

  /**
   * Where the shop does not sell without stock, the refusal of a cart that would sell past it, in words for
   * the line ("quedan 33"); null when the cart may be so (with "warn" the line itself shows the warning).
   */
  const stockRefusal = (next: CartState, product: CartProduct): string | null => {
    if (!blockWithoutStock) return null;
    const short = [...stockShortfalls(next).values()].find((s) => s.productId === product.id);
    if (!short) return null;
    return t("till.stockBlocked", {
      name: product.name,
      onHand: format.quantity(Math.max(short.onHand, 0), product.unit),
    });
  };

  const addChecked = (product: CartProduct, quantity: number) => {
    // Only a shop that blocks sales without stock needs the cart as it would be (a scan's hot path).
    const refused = blockWithoutStock ? stockRefusal(addToCart(cart, product, quantity), product) : null;
    if (refused) return notify("error", refused);
    cart.add(product, quantity);
  };

  const addProduct = (product: CartProduct) => {
    if (cart.locked) return notify("warning", t("till.locked"));
    setUnknownCode(null);
    // Weighed goods without a scale label: ask the weight.
    if (product.unit === "kg") return setOpen({ kind: "quantity", product, lineKey: null, initial: null });
    addChecked(product, 1);
  };

  /** A scanned loyalty card or QR attaches its customer; true when `code` was one. */
  const attachByLoyaltyCode = async (code: string): Promise<boolean> => {
    const customer = await customerByLoyaltyCode(code).catch(() => null);
    if (!customer) return false;
    cart.setCustomer(saleCustomerOf(customer));
    notify("info", t("customers.attached", { name: customer.name }));
    return true;
  };

  const onCode = async (code: string) => {
    if (cart.locked) return notify("warning", t("till.locked"));
    setUnknownCode(null);
    // A code with letters is more often a loyalty QR than a product: ask for a customer first. Digits are
    // products first (the hot path), and a loyalty card only when no product has the code.
    if (!/^\d+$/.test(code) && (await attachByLoyaltyCode(code))) return;
    try {
      const scan = await get<ScanAnswer>(`/api/scan/${encodeURIComponent(code)}`);
      if (scan.source !== "barcode") {
        cart.add(scan.product, scan.quantity, { barcode: scan.barcode, labelTotal: scan.labelTotal });
      } else if (scan.product.unit === "kg") {
        setOpen({ kind: "quantity", product: scan.product, lineKey: null, initial: null });
      } else addChecked(scan.product, scan.quantity > 0 ? scan.quantity : 1);
    } catch (e) {
      // A numeric SKU typed by hand is not a barcode: try it as a search before giving up.
      if (e instanceof ApiError && e.code === "unknown_barcode") {
        if (/^\d+$/.test(code) && (await attachByLoyaltyCode(code))) return;
        const page = await get<ProductPage>(
          `/api/products${query({ q: code, active: true, limit: 2 })}`,
        ).catch(() => null);
        const only = page?.items.length === 1 ? page.items[0] : undefined;
        if (only && only.sku === code && only.variantAxes)
          return setOpen({ kind: "variants", modelId: only.id, name: only.name });
        if (only && only.sku === code) return addProduct(only);
        setUnknownCode(code);
      }
      notify("error", format.error(e));
    }
  };

  const startPay = () => {
    if (cart.lines.length === 0) return;
    setOpen({ kind: "pay" });
  };

  const editQuantity = () => {
    if (!line || cart.locked || isLabelLine(line)) return;
    setOpen({ kind: "quantity", product: line.product, lineKey: line.key, initial: line.quantity });
  };

  // Emptying the ticket cannot be undone: ask first (Enter confirms, Esc keeps the ticket).
  const cancelTicket = () => {
    if (cart.locked) return notify("warning", t("till.locked"));
    if (cart.lines.length === 0) return;
    setOpen({ kind: "cancelTicket" });
  };

  // Function keys work wherever the focus is, as long as no dialog is open (Esc belongs to dialogs).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isDialogOpen()) return;
      if (!["F2", "F3", "F4", "F8", "F10", "F12"].includes(e.key)) return;
      e.preventDefault();
      if (e.key === "F2") document.querySelector<HTMLInputElement>('[data-testid="scan-input"]')?.focus();
      else if (e.key === "F3" && !cart.locked) setOpen({ kind: "customer" });
      else if (e.key === "F4" && cart.lines.length > 0 && !cart.locked) setOpen({ kind: "discount" });
      else if (e.key === "F8") editQuantity();
      else if (e.key === "F10") go("cash");
      else if (e.key === "F12") startPay();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const onScanKey = (key: string): boolean => {
    if (key === "+") startPay();
    else if (key === "ArrowUp") cart.moveSelection(-1);
    else if (key === "ArrowDown") cart.moveSelection(1);
    else if (key === "Delete" && line && !cart.locked) cart.remove(line.key);
    else return false;
    return true;
  };

  return (
    <div className="till" data-testid="till-screen">
      {cash.loaded && !cash.session && (
        <button
          type="button"
          className="banner warning"
          data-testid="till-no-session"
          onClick={() => go("cash")}
        >
          {t("till.noSession")}
        </button>
      )}
      {cart.locked && <div className="banner warning">{t("till.locked")}</div>}
      <BackupBanner />
      <PlanBanner />
      <CertificateBanner />
      <div className="till-body">
        <div className="till-main">
          <ScanInput
            onCode={onCode}
            onPick={(p: Product) => addProduct(p)}
            onPickModel={(modelId, name) => setOpen({ kind: "variants", modelId, name })}
            onKey={onScanKey}
          />
          {unknownCode && (
            <div className="banner warning unknown-code" data-testid="unknown-barcode" role="status">
              <span>{t("till.unknownCode", { code: unknownCode })}</span>
              {canCreate ? (
                <button
                  type="button"
                  className="primary"
                  data-testid="create-from-barcode"
                  onClick={() => setOpen({ kind: "newProduct", barcode: unknownCode })}
                >
                  {t("till.createWithCode")}
                </button>
              ) : (
                <span data-testid="unknown-barcode-ask">{t("till.unknownCodeAsk")}</span>
              )}
            </div>
          )}
          <CartTable />
        </div>
        <aside className="till-side">
          <SaleCustomer onAttach={() => !cart.locked && setOpen({ kind: "customer" })} />
          <TotalsPanel />
          <button
            type="button"
            className="primary big"
            data-testid="pay-button"
            disabled={cart.lines.length === 0}
            onClick={startPay}
          >
            {t("till.pay")} (F12)
          </button>
          <div className="side-buttons">
            <button
              type="button"
              data-testid="discount-button"
              disabled={cart.lines.length === 0 || cart.locked}
              onClick={() => setOpen({ kind: "discount" })}
            >
              {t("till.discount")} (F4)
            </button>
            <button
              type="button"
              data-testid="quantity-button"
              disabled={!line || cart.locked || isLabelLine(line)}
              onClick={editQuantity}
            >
              {t("till.quantity")} (F8)
            </button>
            <button
              type="button"
              data-testid="remove-line-button"
              disabled={!line || cart.locked}
              onClick={() => line && cart.remove(line.key)}
            >
              {t("till.remove")} (Supr)
            </button>
            <button
              type="button"
              data-testid="cancel-sale-button"
              disabled={cart.lines.length === 0 || cart.locked}
              onClick={cancelTicket}
            >
              {t("till.cancelSale")}
            </button>
            <button type="button" data-testid="open-customer-display" onClick={openCustomerDisplay}>
              {t("display.open")}
            </button>
          </div>
        </aside>
      </div>
      <ShortcutBar />
      {open?.kind === "quantity" && (
        <QuantityDialog
          product={open.product}
          initial={open.initial}
          onClose={() => setOpen(null)}
          check={(quantity) =>
            stockRefusal(
              open.lineKey
                ? setCartQuantity(cart, open.lineKey, quantity)
                : addToCart(cart, open.product, quantity),
              open.product,
            )
          }
          onApply={(quantity) => {
            if (open.lineKey) cart.setQuantity(open.lineKey, quantity);
            else cart.add(open.product, quantity);
            setOpen(null);
          }}
        />
      )}
      {open?.kind === "discount" && <DiscountDialog line={line} onClose={() => setOpen(null)} />}
      {open?.kind === "pay" && (
        <PaymentDialog
          total={total}
          onClose={() => {
            // No sale: the customer display drops what it showed of the payment.
            useDisplayExtras.getState().setMercadoPago(null);
            setOpen(null);
          }}
          onDone={(sale, payments) => {
            // The sale is committed: the customer display thanks, then the next customer's cart starts now.
            useDisplayExtras.getState().setDone({ total: sale.total, change: changeOf(payments) });
            cart.reset();
            setOpen({ kind: "receipt", sale, payments });
          }}
        />
      )}
      {open?.kind === "cancelTicket" && (
        <ConfirmDialog
          title={t("till.cancelSaleTitle")}
          message={t("till.cancelSaleConfirm", { total: format.money(total) })}
          confirmLabel={t("till.cancelSale")}
          onCancel={() => setOpen(null)}
          onConfirm={() => {
            cart.reset();
            setOpen(null);
          }}
        />
      )}
      {open?.kind === "newProduct" && (
        <ProductEditor
          product={null}
          initial={{ barcodes: open.barcode }}
          onClose={() => setOpen(null)}
          onSaved={(saved) => {
            // The product exists now: the customer's item goes on the ticket as if it had scanned.
            setOpen(null);
            setUnknownCode(null);
            if (saved.variantAxes) setOpen({ kind: "variants", modelId: saved.id, name: saved.name });
            else addProduct(saved);
          }}
        />
      )}
      {open?.kind === "variants" && (
        <VariantPicker
          modelId={open.modelId}
          name={open.name}
          onClose={() => setOpen(null)}
          onPick={(variant) => {
            setOpen(null);
            addProduct(variant);
          }}
        />
      )}
      {open?.kind === "customer" && (
        <CustomerDialog
          onClose={() => setOpen(null)}
          onPick={(customer) => {
            cart.setCustomer(saleCustomerOf(customer));
            setOpen(null);
          }}
        />
      )}
      {open?.kind === "receipt" && (
        <ReceiptDialog sale={open.sale} payments={open.payments} onNewSale={() => setOpen(null)} />
      )}
    </div>
  );
}
