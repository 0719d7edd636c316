import { useT } from "../i18n/use-i18n.js";

/**
 * Newer / page n / older under a list read `pageSize` rows at a time from an offset: "older" is off once a
 * page came back short (nothing beyond it), "newer" on the first page. Test ids: `<testId>-newer`,
 * `<testId>-page`, `<testId>-older`.
 */
export function Pager({
  offset,
  pageSize,
  shown,
  onOffset,
  testId,
}: {
  offset: number;
  pageSize: number;
  /** Rows of the current page; null while it loads. */
  shown: number | null;
  onOffset: (offset: number) => void;
  testId: string;
}) {
  const t = useT();
  return (
    <div className="actions">
      <button
        type="button"
        data-testid={`${testId}-newer`}
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(offset - pageSize, 0))}
      >
        {t("paging.newer")}
      </button>
      <span className="muted" data-testid={`${testId}-page`}>
        {t("paging.page", { page: offset / pageSize + 1 })}
      </span>
      <button
        type="button"
        data-testid={`${testId}-older`}
        disabled={shown === null || shown < pageSize}
        onClick={() => onOffset(offset + pageSize)}
      >
        {t("paging.older")}
      </button>
    </div>
  );
}
