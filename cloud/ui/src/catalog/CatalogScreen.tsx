import { query } from "@mostrador/contracts/http-client";
import { useEffect, useState } from "react";
import { get, patch } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useT } from "../i18n/i18n.js";
import { useFormat } from "../format/use-format.js";
import { Status } from "../nav/Status.js";
import { useSession } from "../session/session-store.js";
import { OverwritesReview } from "./OverwritesReview.js";
import { ProductRow } from "./ProductRow.js";
import type { CatalogAnswer, CategoriesAnswer } from "@mostrador/contracts/http/cloud-catalog";
import { CategoriesPanel } from "./CategoriesPanel.js";
import "./catalog.css";

const PAGE = 100;

/**
 * The organization's catalog: search, page, edit name / category / price / active, a model's variants
 * under it (each with its own price and flag), and the categories (all of it flows down to the tills).
 */
export function CatalogScreen() {
  const t = useT();
  const [typed, setTyped] = useState("");
  const [search, setSearch] = useState("");
  const [limit, setLimit] = useState(PAGE);
  const [notice, setNotice] = useState<string | null>(null);
  const f = useFormat();
  const isOwner = useSession((s) => s.session?.role === "owner");
  // Ask once the owner pauses typing, not per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(typed.trim());
      setLimit(PAGE);
    }, 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const { data, error, loading, reload } = useLoad<CatalogAnswer>(
    get,
    `/v1/dashboard/catalog${query({ search, limit })}`,
  );
  const categories = useLoad<CategoriesAnswer>(get, "/v1/dashboard/categories");
  // Shown as chosen at once; back to the saved value if the cloud refuses.
  const [policy, setPolicyShown] = useState<boolean | null>(null);
  async function setPolicy(tillsEditSharedCatalog: boolean) {
    setPolicyShown(tillsEditSharedCatalog);
    try {
      await patch("/v1/dashboard/catalog-policy", { tillsEditSharedCatalog });
    } catch (err) {
      setPolicyShown(null);
      setNotice(f.error(err));
    }
  }

  return (
    <section>
      {isOwner ? <OverwritesReview onDecided={reload} /> : null}
      {data && isOwner ? (
        <label className="policy" title={t("catalog.tillsEditSharedHint")}>
          <input
            type="checkbox"
            data-testid="catalog-policy"
            checked={policy ?? data.tillsEditSharedCatalog}
            onChange={(e) => void setPolicy(e.target.checked)}
          />{" "}
          {t("catalog.tillsEditShared")}
          <span className="muted small"> · {t("catalog.tillsEditSharedHint")}</span>
        </label>
      ) : null}
      <CategoriesPanel
        categories={categories.data}
        onSaved={() => {
          setNotice(t("catalog.categorySaved"));
          categories.reload();
          reload();
        }}
      />
      <div className="toolbar">
        <input
          type="search"
          className="grow"
          data-testid="catalog-search"
          placeholder={t("catalog.search")}
          aria-label={t("catalog.search")}
          value={typed}
          maxLength={120}
          onChange={(e) => setTyped(e.target.value)}
        />
        {data ? (
          <span className="muted" data-testid="catalog-count">
            {t("catalog.count", { shown: data.products.length, total: data.total })}
          </span>
        ) : null}
      </div>
      {notice ? (
        <p className="notice" role="status" data-testid="catalog-notice">
          {notice}
        </p>
      ) : null}
      <Status loading={loading && !data} error={error} reload={reload} />
      <table data-testid="catalog-table">
        <thead>
          <tr>
            <th>{t("catalog.sku")}</th>
            <th>{t("catalog.name")}</th>
            <th>{t("catalog.category")}</th>
            <th className="num">{t("catalog.price")}</th>
            <th>{t("catalog.active")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data?.products.map((p) => (
            <ProductRow
              key={`${p.id}-${p.updatedAt}`}
              product={p}
              categories={categories.data?.categories ?? []}
              onSaved={() => {
                setNotice(t("catalog.saved"));
                reload();
              }}
            />
          ))}
        </tbody>
      </table>
      {data && data.total === 0 ? <p className="muted">{t("common.none")}</p> : null}
      {data && data.products.length < data.total ? (
        <button data-testid="catalog-more" onClick={() => setLimit((l) => Math.min(l + PAGE, 500))}>
          {t("catalog.more")}
        </button>
      ) : null}
    </section>
  );
}
