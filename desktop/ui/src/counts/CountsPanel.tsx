import { useEffect, useRef, useState } from "react";
import type { Product } from "@mostrador/contracts/http/catalog";
import type { CountScope } from "@mostrador/contracts/http/stock-counts";
import { useCatalog } from "../catalog/catalog-store.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { findProduct } from "../purchasing/purchasing-store.js";
import { ConfirmDialog } from "../shared/ConfirmDialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { parseCountedQuantity } from "./count-quantity.js";
import { useCounts } from "./counts-store.js";
import "./counts.css";

/**
 * Stock counts: start one (whole shop or a category), count keyboard-first (scan → quantity → Enter, on
 * as many tills as people counting), then review expected against counted and approve or cancel.
 */
export function CountsPanel() {
  const { current, counts, loadCounts, open } = useCounts();
  const format = useFormat();
  const [error, setError] = useState<string | null>(null);
  // runs on mount, not on every render.
  useEffect(() => {
    loadCounts().catch((e) => setError(format.error(e)));
  }, []);
  return (
    <div data-testid="counts-panel">
      <ErrorText text={error} testId="counts-error" />
      {current ? (
        <CountView />
      ) : (
        <>
          <StartCount />
          <CountList counts={counts} onOpen={(id) => open(id).catch((e) => setError(format.error(e)))} />
        </>
      )}
    </div>
  );
}

function StartCount() {
  const t = useT();
  const format = useFormat();
  const categories = useCatalog((s) => s.categories);
  const loadCategories = useCatalog((s) => s.loadCategories);
  const start = useCounts((s) => s.start);
  const [scope, setScope] = useState<Exclude<CountScope, "products">>("category");
  const [categoryId, setCategoryId] = useState("");
  const [error, setError] = useState<string | null>(null);
  // runs on mount, not on every render.
  useEffect(() => {
    void loadCategories().catch(() => {});
  }, []);
  const submit = () => {
    setError(null);
    start(scope === "all" ? { scope } : { scope, categoryId }).catch((e) => setError(format.error(e)));
  };
  return (
    <div className="row-form count-start">
      <select
        value={scope}
        data-testid="count-scope"
        onChange={(e) => setScope(e.target.value as "all" | "category")}
      >
        <option value="category">{t("counts.scope.category")}</option>
        <option value="all">{t("counts.scope.all")}</option>
      </select>
      {scope === "category" && (
        <select
          value={categoryId}
          data-testid="count-category"
          aria-label={t("counts.scope.category")}
          onChange={(e) => setCategoryId(e.target.value)}
        >
          <option value="">{t("counts.chooseCategory")}</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      )}
      <button type="button" className="primary" data-testid="count-start" onClick={submit}>
        {t("counts.start")}
      </button>
      <ErrorText text={error} testId="count-start-error" />
    </div>
  );
}

function CountList({
  counts,
  onOpen,
}: {
  counts: ReturnType<typeof useCounts.getState>["counts"];
  onOpen: (id: string) => void;
}) {
  const t = useT();
  const format = useFormat();
  if (counts.length === 0) return <p className="muted">{t("counts.none")}</p>;
  return (
    <table className="list">
      <thead>
        <tr>
          <th>{t("counts.number")}</th>
          <th>{t("counts.scope")}</th>
          <th>{t("counts.startedAt")}</th>
          <th>{t("counts.progress")}</th>
          <th>{t("counts.status")}</th>
        </tr>
      </thead>
      <tbody>
        {counts.map((c) => (
          <tr key={c.id} data-testid="count-row" onClick={() => onOpen(c.id)}>
            <td>{c.number}</td>
            <td>{c.categoryName ?? t(c.scope === "all" ? "counts.scope.all" : "counts.scope.products")}</td>
            <td>{format.dateTime(c.startedAt)}</td>
            <td>{t("counts.countedOf", { counted: c.counted, products: c.products })}</td>
            <td>{t(`counts.status.${c.status}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One count: the keyboard entry while open, and the differences with approve and cancel. */
function CountView() {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const { current, open, approve, cancel } = useCounts();
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const [confirm, setConfirm] = useState<"approve" | "cancel" | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!current) return null;
  const { count, lines } = current;
  const isOpen = count.status === "open";
  const shown = onlyDifferences ? lines.filter((l) => l.difference !== null && l.difference !== 0) : lines;
  const act = (what: "approve" | "cancel") => {
    setConfirm(null);
    setError(null);
    (what === "approve" ? approve() : cancel())
      .then((c) =>
        notify(
          "info",
          t(what === "approve" ? "counts.approved" : "counts.cancelled", { number: c.count.number }),
        ),
      )
      .catch((e) => setError(format.error(e)));
  };
  return (
    <div data-testid="count-view">
      <div className="row-form">
        <h2 className="grow" data-testid="count-title">
          {t("counts.title", { number: count.number })} ·{" "}
          {count.categoryName ?? t(count.scope === "all" ? "counts.scope.all" : "counts.scope.products")} ·{" "}
          <span data-testid="count-status">{t(`counts.status.${count.status}`)}</span>
        </h2>
        <button type="button" onClick={() => void open(null)} data-testid="count-back">
          {t("counts.back")}
        </button>
      </div>
      {isOpen && <CountEntry />}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={onlyDifferences}
          data-testid="count-only-differences"
          onChange={(e) => setOnlyDifferences(e.target.checked)}
        />
        {t("counts.onlyDifferences")}
      </label>
      <table className="list static">
        <thead>
          <tr>
            <th>{t("counts.product")}</th>
            <th>{t("counts.expected")}</th>
            <th>{t("counts.counted")}</th>
            <th>{t("counts.difference")}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((l) => (
            <tr key={l.product.id} data-testid="count-line" data-product-id={l.product.id}>
              <td>{l.product.name}</td>
              <td data-testid="count-line-expected">
                {format.quantity(l.expected ?? l.product.onHand, l.product.unit)}
              </td>
              <td data-testid="count-line-counted">
                {l.counted === null ? "—" : format.quantity(l.counted, l.product.unit)}
              </td>
              <td
                data-testid="count-line-difference"
                className={l.difference ? (l.difference > 0 ? "count-over" : "count-under") : ""}
              >
                {l.difference === null
                  ? t("counts.notCounted")
                  : `${l.difference > 0 ? "+" : ""}${format.quantity(l.difference, l.product.unit)}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorText text={error} testId="count-error" />
      {isOpen && (
        <div className="actions">
          <button type="button" data-testid="count-cancel" onClick={() => setConfirm("cancel")}>
            {t("counts.cancel")}
          </button>
          <button
            type="button"
            className="primary"
            data-testid="count-approve"
            onClick={() => setConfirm("approve")}
          >
            {t("counts.approve")}
          </button>
        </div>
      )}
      {confirm && (
        <ConfirmDialog
          title={t(`counts.confirm.${confirm}.title`, { number: count.number })}
          message={t(`counts.confirm.${confirm}.message`, {
            n: lines.filter((l) => l.difference !== null && l.difference !== 0).length,
          })}
          confirmLabel={t(`counts.${confirm}`)}
          onConfirm={() => act(confirm)}
          onCancel={() => setConfirm(null)}
        />
      )}
    </div>
  );
}

/** Scan (or type a code or a name) → Enter → quantity → Enter; the focus goes back to the code. */
function CountEntry() {
  const t = useT();
  const format = useFormat();
  const addEntry = useCounts((s) => s.addEntry);
  const [code, setCode] = useState("");
  const [product, setProduct] = useState<Product | null>(null);
  const [quantity, setQuantity] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [last, setLast] = useState<string | null>(null);
  // One client id per entry, kept across retries of that entry so the appliance counts it once.
  const clientId = useRef<string | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const quantityRef = useRef<HTMLInputElement>(null);
  // runs on mount, not on every render.
  useEffect(() => codeRef.current?.focus(), []);
  // Once a product is found its quantity field is enabled: the focus moves there (after that render).
  useEffect(() => {
    if (product) quantityRef.current?.focus();
  }, [product]);

  const lookUp = async () => {
    setError(null);
    try {
      const found = await findProduct(code);
      if (!found) {
        setError(t("counts.unknownCode", { code: code.trim() }));
        return;
      }
      setProduct(found);
      clientId.current = crypto.randomUUID();
      setQuantity("");
    } catch (e) {
      setError(format.error(e));
    }
  };
  const record = async () => {
    if (!product) return;
    const q = parseCountedQuantity(quantity, product.unit);
    if (q === null) {
      setError(t(product.unit === "kg" ? "counts.badQuantityKg" : "counts.badQuantity"));
      return;
    }
    setError(null);
    try {
      const result = await addEntry(clientId.current!, product.id, q);
      setLast(
        t("counts.recorded", {
          name: product.name,
          quantity: format.quantity(q, product.unit),
          total: format.quantity(result.line.counted ?? q, product.unit),
        }),
      );
      clientId.current = null;
      setProduct(null);
      setCode("");
      setQuantity("");
      codeRef.current?.focus();
    } catch (e) {
      // The same client id is sent again on the next Enter: a request that did arrive counts once.
      setError(format.error(e));
    }
  };
  return (
    <div className="count-entry">
      <div className="row-form">
        <input
          ref={codeRef}
          value={code}
          placeholder={t("counts.scanPlaceholder")}
          data-testid="count-code"
          onChange={(e) => {
            setCode(e.target.value);
            setProduct(null);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter") void lookUp();
          }}
        />
        {product && <strong data-testid="count-product">{product.name}</strong>}
        <input
          ref={quantityRef}
          value={quantity}
          inputMode="decimal"
          disabled={!product}
          placeholder={product?.unit === "kg" ? t("counts.quantityKg") : t("counts.quantity")}
          data-testid="count-quantity"
          onChange={(e) => setQuantity(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") void record();
            if (e.key === "Escape") {
              setProduct(null);
              codeRef.current?.focus();
            }
          }}
        />
      </div>
      <ErrorText text={error} testId="count-entry-error" />
      {last && (
        <p className="muted" data-testid="count-last">
          {last}
        </p>
      )}
    </div>
  );
}
