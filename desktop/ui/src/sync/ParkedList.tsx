import { useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ErrorText } from "../shared/ErrorText.js";
import { type SyncStatus, useSync } from "./sync-store.js";

/**
 * The dead-letter list: operations the cloud refused (422), parked so the rest of the outbox keeps flowing.
 * "Reintentar" asks the drainer to send one again on its next pass (POST /api/sync/parked/:id/retry);
 * fixing the cause (e.g. the product on the dashboard) comes first, so nothing retries by itself.
 */
export function ParkedList({ parked }: { parked: SyncStatus["parked"] }) {
  const t = useT();
  const format = useFormat();
  const retry = useSync((s) => s.retry);
  const [error, setError] = useState<string | null>(null);

  const retryOne = async (opId: string) => {
    setError(null);
    try {
      await retry(opId);
    } catch (e) {
      setError(format.error(e));
    }
  };

  return (
    <div className="parked" data-testid="cloud-parked">
      <h3>{t("cloud.parkedTitle")}</h3>
      {parked.length === 0 ? (
        <p className="muted" data-testid="cloud-parked-none">
          {t("cloud.parkedNone")}
        </p>
      ) : (
        <ul className="parked-list">
          {parked.map((p) => (
            <li key={p.opId} data-testid="cloud-parked-item" data-op-id={p.opId}>
              <div className="grow">
                <strong>
                  {p.entity} · {p.op}
                </strong>{" "}
                <span className="muted">
                  #{p.seq} · {t("cloud.parkedAt", { when: format.dateTime(p.parkedAt) })}
                </span>
                <div className="parked-reason">{p.reason}</div>
              </div>
              {p.retryRequested ? (
                <em data-testid="cloud-parked-retry-requested">{t("sync.retryRequested")}</em>
              ) : (
                <button type="button" data-testid="cloud-parked-retry" onClick={() => void retryOne(p.opId)}>
                  {t("sync.retry")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorText text={error} testId="cloud-parked-error" />
    </div>
  );
}
