import { useEffect, useState } from "react";
import type { Bar, BarInput } from "@mostrador/contracts/http/bar";
import type { Category, Product, ProductPage } from "@mostrador/contracts/http/catalog";
import { MAX_PAGE_SIZE } from "@mostrador/contracts/http/catalog";
import { del, get, post, put } from "../api/client.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { ConfirmDialog } from "../shared/ConfirmDialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { type DraftGroup, draftOf, moveItem, productsForButtons } from "./bar-setup-logic.js";
import "./bar.css";

const NEW = "";

/**
 * Managers (catalog.edit) set each bar's buttons: groups in order (a category with its products, or a title of
 * their own), the products in each, in order. Saved whole; the server refuses what cannot be a bar button.
 */
export function BarSetup({ onDone }: { onDone: () => void }) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const [bars, setBars] = useState<Bar[]>([]);
  const [products, setProducts] = useState<Product[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [editing, setEditing] = useState<string>(NEW);
  const [name, setName] = useState("");
  const [groups, setGroups] = useState<DraftGroup[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState(false);

  const open = (list: Bar[], id: string) => {
    const bar = list.find((b) => b.id === id);
    setEditing(bar?.id ?? NEW);
    const draft = draftOf(bar ?? null);
    setName(draft.name);
    setGroups(draft.groups);
    setError(null);
  };
  const loadBars = async (select?: string) => {
    const list = await get<Bar[]>("/api/bars");
    setBars(list);
    open(list, select ?? list[0]?.id ?? NEW);
  };
  // runs on mount, not on every render.
  useEffect(() => {
    Promise.all([
      loadBars(),
      get<ProductPage>(`/api/products?active=true&limit=${MAX_PAGE_SIZE}`).then((p) =>
        setProducts(productsForButtons(p.items)),
      ),
      get<Category[]>("/api/categories").then(setCategories),
    ]).catch((e: unknown) => setError(format.error(e)));
  }, []);

  const productName = (id: string) => products.find((p) => p.id === id)?.name ?? t("bar.setup.offSale");
  const categoryName = (id: string | null) => categories.find((c) => c.id === id)?.name ?? null;
  const setGroup = (g: number, change: Partial<DraftGroup>) =>
    setGroups(groups.map((group, i) => (i === g ? { ...group, ...change } : group)));

  const addCategory = (categoryId: string) => {
    const inCategory = products.filter((p) => p.categoryId === categoryId).map((p) => p.id);
    setGroups([...groups, { categoryId, label: "", productIds: inCategory }]);
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    const body: BarInput = {
      name,
      groups: groups.map((g) => ({
        categoryId: g.categoryId,
        label: g.label.trim() || null,
        productIds: g.productIds,
      })),
    };
    try {
      const saved =
        editing === NEW ? await post<Bar>("/api/bars", body) : await put<Bar>(`/api/bars/${editing}`, body);
      notify("info", t("bar.setup.saved", { name: saved.name }));
      await loadBars(saved.id);
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setDeleting(false);
    setBusy(true);
    try {
      await del(`/api/bars/${editing}`);
      notify("info", t("bar.setup.deleted", { name }));
      await loadBars();
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="bar-mode" data-testid="bar-setup">
      <header className="bar-header">
        <strong className="bar-name">{t("bar.setup.title")}</strong>
        <span className="bar-header-actions">
          <button type="button" className="primary" data-testid="bar-setup-done" onClick={onDone}>
            {t("bar.setup.done")}
          </button>
        </span>
      </header>
      <div className="bar-setup">
        <div className="bar-setup-row">
          <select
            data-testid="bar-setup-pick"
            aria-label={t("bar.choose")}
            value={editing}
            onChange={(e) => open(bars, e.target.value)}
          >
            {bars.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
            <option value={NEW}>{t("bar.setup.new")}</option>
          </select>
          <label>
            {t("bar.setup.name")}{" "}
            <input
              data-testid="bar-setup-name"
              value={name}
              maxLength={40}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
        </div>
        <p className="muted">{t("bar.setup.help")}</p>
        {groups.map((group, g) => (
          <div className="bar-setup-group" key={g} data-testid={`bar-setup-group-${g}`}>
            <div className="bar-setup-row">
              <strong>{categoryName(group.categoryId) ?? t("bar.otherGroup")}</strong>
              <label>
                {t("bar.setup.label")}{" "}
                <input
                  value={group.label}
                  maxLength={40}
                  placeholder={categoryName(group.categoryId) ?? ""}
                  onChange={(e) => setGroup(g, { label: e.target.value })}
                />
              </label>
              <button
                type="button"
                aria-label={t("bar.setup.up")}
                onClick={() => setGroups(moveItem(groups, g, -1))}
              >
                ↑
              </button>
              <button
                type="button"
                aria-label={t("bar.setup.down")}
                onClick={() => setGroups(moveItem(groups, g, 1))}
              >
                ↓
              </button>
              <button type="button" onClick={() => setGroups(groups.filter((_, i) => i !== g))}>
                {t("bar.setup.removeGroup")}
              </button>
            </div>
            <ol>
              {group.productIds.map((id, p) => (
                <li key={id}>
                  <span>{productName(id)}</span>
                  <button
                    type="button"
                    aria-label={t("bar.setup.up")}
                    onClick={() => setGroup(g, { productIds: moveItem(group.productIds, p, -1) })}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    aria-label={t("bar.setup.down")}
                    onClick={() => setGroup(g, { productIds: moveItem(group.productIds, p, 1) })}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    aria-label={t("bar.setup.removeButton", { name: productName(id) })}
                    onClick={() => setGroup(g, { productIds: group.productIds.filter((x) => x !== id) })}
                  >
                    ✕
                  </button>
                </li>
              ))}
            </ol>
            <select
              aria-label={t("bar.setup.addProduct")}
              value=""
              onChange={(e) =>
                e.target.value && setGroup(g, { productIds: [...group.productIds, e.target.value] })
              }
            >
              <option value="">{t("bar.setup.addProduct")}</option>
              {products
                .filter((p) => !group.productIds.includes(p.id))
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} · {format.money(p.price)}
                  </option>
                ))}
            </select>
          </div>
        ))}
        <div className="bar-setup-row">
          <select
            data-testid="bar-setup-add-category"
            aria-label={t("bar.setup.addCategory")}
            value=""
            onChange={(e) => e.target.value && addCategory(e.target.value)}
          >
            <option value="">{t("bar.setup.addCategory")}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            data-testid="bar-setup-add-titled"
            onClick={() => setGroups([...groups, { categoryId: null, label: "", productIds: [] }])}
          >
            {t("bar.setup.addTitled")}
          </button>
        </div>
        <ErrorText text={error} testId="bar-setup-error" />
        <div className="bar-setup-row">
          <button
            type="button"
            className="primary"
            data-testid="bar-setup-save"
            disabled={busy}
            onClick={() => void save()}
          >
            {t("common.save")}
          </button>
          {editing !== NEW && (
            <button
              type="button"
              data-testid="bar-setup-delete"
              disabled={busy}
              onClick={() => setDeleting(true)}
            >
              {t("bar.setup.delete")}
            </button>
          )}
        </div>
      </div>
      {deleting && (
        <ConfirmDialog
          title={t("bar.setup.deleteTitle", { name })}
          message={t("bar.setup.deleteConfirm")}
          confirmLabel={t("bar.setup.delete")}
          onConfirm={() => void remove()}
          onCancel={() => setDeleting(false)}
        />
      )}
    </div>
  );
}
