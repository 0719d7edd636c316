import { useState } from "react";
import { patch, post } from "../api/client.js";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import type { CategoriesAnswer, CloudCategory } from "@mostrador/contracts/http/cloud-catalog";

interface Props {
  categories: CategoriesAnswer | null;
  onSaved(): void;
}

/** The organization's categories: add one, rename one (both reach every store's tills). */
export function CategoriesPanel({ categories, onSaved }: Props) {
  const t = useT();
  const f = useFormat();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function add() {
    setBusy(true);
    try {
      await post<CloudCategory>("/v1/dashboard/categories", { name: name.trim() });
      setName("");
      setError(null);
      onSaved();
    } catch (err) {
      setError(f.error(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <details className="categories" data-testid="categories-panel">
      <summary>
        {t("catalog.categories")} ({categories?.categories.length ?? "…"})
      </summary>
      <ul>
        {categories?.categories.map((c) => (
          <CategoryItem key={`${c.id}-${c.name}`} category={c} onSaved={onSaved} />
        ))}
      </ul>
      <div className="toolbar">
        <input
          data-testid="category-new-input"
          aria-label={t("catalog.newCategory")}
          placeholder={t("catalog.newCategory")}
          value={name}
          maxLength={60}
          onChange={(e) => setName(e.target.value)}
        />
        <button data-testid="category-add" disabled={busy || !name.trim()} onClick={() => void add()}>
          {t("catalog.addCategory")}
        </button>
      </div>
      {error ? (
        <p className="error" role="alert" data-testid="category-error">
          {error}
        </p>
      ) : null}
    </details>
  );
}

function CategoryItem({ category, onSaved }: { category: CloudCategory; onSaved(): void }) {
  const t = useT();
  const f = useFormat();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(category.name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    if (name.trim() === category.name) return setEditing(false);
    setBusy(true);
    try {
      await patch<CloudCategory>(`/v1/dashboard/categories/${encodeURIComponent(category.id)}`, {
        name: name.trim(),
      });
      setEditing(false);
      onSaved();
    } catch (err) {
      setError(f.error(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li data-testid={`category-${category.id}`}>
      {editing ? (
        <>
          <input
            data-testid="category-name-input"
            aria-label={t("catalog.category")}
            value={name}
            maxLength={60}
            onChange={(e) => setName(e.target.value)}
          />{" "}
          <button
            className="primary"
            data-testid="category-save"
            disabled={busy || !name.trim()}
            onClick={() => void save()}
          >
            {t("common.save")}
          </button>{" "}
          <button onClick={() => setEditing(false)}>{t("common.cancel")}</button>
          {error ? (
            <span className="error" role="alert" data-testid="category-rename-error">
              {" "}
              {error}
            </span>
          ) : null}
        </>
      ) : (
        <>
          <span data-testid={`category-name-${category.id}`}>{category.name}</span>{" "}
          <span className="small muted">{t("catalog.categoryProducts", { count: category.products })}</span>{" "}
          <button
            className="link"
            data-testid={`category-rename-${category.id}`}
            onClick={() => {
              setName(category.name);
              setError(null);
              setEditing(true);
            }}
          >
            {t("catalog.rename")}
          </button>
        </>
      )}
    </li>
  );
}
