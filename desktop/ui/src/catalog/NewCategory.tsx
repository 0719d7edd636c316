import { useState } from "react";
import type { Category } from "@mostrador/contracts/http/catalog";
import { post } from "../api/client.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ErrorText } from "../shared/ErrorText.js";
import "./new-category.css";
import { useCatalog } from "./catalog-store.js";

/**
 * Creates a category from the product editor, where a new shop first needs one: "Nueva categoría" opens a
 * name field; Enter (or Crear) saves it, reloads the list and hands the new category to `onCreated`. The
 * appliance refuses an empty, too long or repeated name in its own words, shown under the field.
 */
export function NewCategory({ onCreated }: { onCreated: (category: Category) => void }) {
  const t = useT();
  const format = useFormat();
  const loadCategories = useCatalog((s) => s.loadCategories);
  const [name, setName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (name === null)
    return (
      <button type="button" data-testid="category-new" onClick={() => setName("")}>
        {t("products.newCategory")}
      </button>
    );

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const category = await post<Category>("/api/categories", { name });
      await loadCategories();
      onCreated(category);
      setName(null);
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="new-category">
      <input
        autoFocus
        value={name}
        maxLength={60}
        aria-label={t("products.newCategoryName")}
        placeholder={t("products.newCategoryName")}
        data-testid="category-name"
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            void create();
          } else if (e.key === "Escape") {
            e.stopPropagation();
            setName(null);
          }
        }}
      />
      <button type="button" data-testid="category-create" disabled={busy} onClick={() => void create()}>
        {t("products.createCategory")}
      </button>
      <ErrorText text={error} testId="category-error" />
    </span>
  );
}
