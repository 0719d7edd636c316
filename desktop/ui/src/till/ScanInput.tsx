import { query } from "@mostrador/contracts/http-client";
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { get } from "../api/client.js";
import type { Product, ProductPage } from "@mostrador/contracts/http/catalog";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { isDialogOpen, setFocusHome } from "../shared/focus-home.js";
import { enterAction, latestSearch } from "./latest-search.js";

interface Props {
  /** Enter on a code: a barcode (digits), or a code with letters no product search found (a loyalty card or QR). */
  onCode: (code: string) => Promise<void>;
  /** A product picked from the search list. */
  onPick: (product: Product) => void;
  /** A product with variants picked from the list: the till asks which variant. */
  onPickModel?: (modelId: string, name: string) => void;
  /** Keys the till handles when the list is closed: arrows move the cart selection, "+" pays. */
  onKey: (key: string) => boolean;
  disabled?: boolean;
}

const BARCODE = /^\d+$/;

/**
 * A product with variants is offered once, as its model (picking it opens the grid), whether the search
 * hit the model or some of its variants: a list of "Remera · S / Negro", "Remera · M / Negro"… would
 * push the other products off the list.
 */
function withModelsGrouped(items: readonly Product[]): Product[] {
  const seen = new Set<string>();
  const out: Product[] = [];
  for (const p of items) {
    const modelId = p.variantOf ?? (p.variantAxes ? p.id : null);
    if (modelId === null) {
      out.push(p);
      continue;
    }
    if (seen.has(modelId)) continue;
    seen.add(modelId);
    out.push(
      p.variantOf
        ? { ...p, id: modelId, name: p.name.split(" · ")[0] ?? p.name, variantAxes: [], variantOf: null }
        : p,
    );
  }
  return out;
}

/**
 * The till's one input. A scanner is a keyboard typing digits + Enter, so this field keeps focus whenever no dialog
 * is open. Digits + Enter scan; anything with letters searches as you type (arrows + Enter to pick), and a
 * code without spaces that finds no product is scanned (a customer's loyalty card or QR, TillScreen).
 */
export function ScanInput({ onCode, onPick, onPickModel, onKey, disabled }: Props) {
  const t = useT();
  const format = useFormat();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState("");
  const [results, setResults] = useState<Product[]>([]);
  const [active, setActive] = useState(0);
  const [searched, setSearched] = useState(false);
  // The text the list on screen answers (it may be older than the text typed).
  const [listFor, setListFor] = useState<string | null>(null);
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const focus = () => input.current?.focus();
    setFocusHome(focus);
    focus();
    return () => setFocusHome(null);
  }, []);

  // Search as you type, only for text that cannot be a barcode: at once, newest text only (latest-search.ts).
  const findProducts = (q: string) =>
    get<ProductPage>(`/api/products${query({ q, active: true, limit: 8 })}`);
  const [searcher] = useState(() =>
    latestSearch(
      findProducts,
      (q, page) => {
        setResults(withModelsGrouped(page.items));
        setListFor(q);
        setActive(0);
        setSearched(true);
      },
      () => {
        setResults([]);
        setListFor(null);
      },
    ),
  );
  useEffect(() => {
    const q = text.trim();
    if (q.length < 2 || BARCODE.test(q)) {
      searcher.cancel();
      setResults([]);
      setListFor(null);
      setSearched(false);
      return;
    }
    searcher.search(q);
  }, [text, searcher]);
  // Leaving the till drops an answer still on its way.
  useEffect(() => () => searcher.cancel(), [searcher]);

  // The list scrolls when it is taller than its room (it never covers the ticket): keep the arrowed option in view.
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: "nearest" });
  }, [active, results]);

  const clear = () => {
    searcher.cancel();
    setText("");
    setResults([]);
    setListFor(null);
    setSearched(false);
  };

  const scan = (code: string) => {
    clear();
    void onCode(code);
  };

  // Enter before the list caught up with the text: this text's own answer decides (enterAction).
  const searchThenEnter = async (code: string) => {
    searcher.cancel();
    let found: Product[];
    try {
      found = withModelsGrouped((await findProducts(code)).items);
    } catch {
      found = [];
    }
    if (input.current?.value.trim() !== code) return; // typed on meanwhile: the newer text decides
    setResults(found);
    setListFor(code);
    setActive(0);
    setSearched(true);
    const action = enterAction(code, code, found.length);
    if (action === "pick") pick(found[0]);
    else if (action === "code") scan(code);
  };

  const pick = (product: Product | undefined) => {
    if (!product) return;
    clear();
    if (product.variantAxes && onPickModel) onPickModel(product.id, product.name);
    else onPick(product);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (results.length > 0 && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      e.preventDefault();
      setActive((i) => (i + (e.key === "ArrowDown" ? 1 : results.length - 1)) % results.length);
      return;
    }
    if (e.key === "Enter") {
      e.preventDefault();
      // Digits are a barcode; a code with letters and no product found may be a loyalty card or QR (no
      // spaces: a name typed with nothing found stays in the field).
      const code = text.trim();
      const action = enterAction(code, listFor, results.length);
      if (action === "pick") pick(results[active]);
      else if (action === "code") scan(code);
      else if (action === "search") void searchThenEnter(code);
      return;
    }
    if (e.key === "Escape" && text) {
      e.preventDefault();
      clear();
      return;
    }
    // "+" pays only when the field is empty or holds a code, so a product name never starts a payment by accident.
    if (e.key === "+" && (text === "" || BARCODE.test(text))) {
      e.preventDefault();
      onKey("+");
      return;
    }
    if (text === "" && onKey(e.key)) e.preventDefault();
  };

  return (
    <div className="scan">
      <input
        ref={input}
        className="scan-input"
        type="text"
        autoComplete="off"
        spellCheck={false}
        maxLength={64}
        placeholder={t("till.scanPlaceholder")}
        value={text}
        disabled={disabled}
        data-testid="scan-input"
        aria-label={t("till.scanPlaceholder")}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() =>
          // Keep the scanner's focus: a click on a button or on empty space must not swallow the next scan.
          setTimeout(() => {
            const el = document.activeElement;
            const typing =
              el instanceof HTMLInputElement ||
              el instanceof HTMLSelectElement ||
              el instanceof HTMLTextAreaElement;
            if (!isDialogOpen() && !typing) input.current?.focus();
          }, 0)
        }
      />
      {(results.length > 0 || searched) && (
        <div className="search-results" role="listbox" data-testid="search-results" ref={list}>
          {results.length === 0 && <div className="muted">{t("till.noResults")}</div>}
          {results.map((p, i) => (
            <div
              key={p.id}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={i === active ? "active" : undefined}
              data-testid="search-result"
              onMouseDown={(e) => {
                e.preventDefault();
                pick(p);
              }}
            >
              <span>{p.name}</span>
              <span className="muted">{p.variantAxes ? t("variants.choose") : p.sku}</span>
              <span>
                {format.money(p.price)}
                {p.unit === "kg" ? " /kg" : ""}
              </span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
