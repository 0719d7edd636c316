import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";

/** Loading and error lines every screen shows the same way. */
export function Status({ loading, error, reload }: { loading: boolean; error: unknown; reload(): void }) {
  const t = useT();
  const f = useFormat();
  if (error)
    return (
      <p className="error" role="alert" data-testid="screen-error">
        {f.error(error)} <button onClick={reload}>{t("common.retry")}</button>
      </p>
    );
  return loading ? <p className="muted">{t("common.loading")}</p> : null;
}
