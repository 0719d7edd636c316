import type { OwnerNotificationsAnswer } from "@mostrador/contracts/http/messaging";
import { get } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useT, type MessageKey } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";

/** The owner's alerts (rules, low stock, a till offline…) and, per channel and person, how each was delivered. */
export function OwnerNotificationsTable() {
  const t = useT();
  const f = useFormat();
  const list = useLoad<OwnerNotificationsAnswer>(get, "/v1/messaging/owner-notifications");
  const kindName = (kind: string) =>
    [
      "rule",
      "low_stock",
      "backup_failed",
      "appliance_offline",
      "cash_difference",
      "invoicing_deadline",
      "certificate_expiry",
      "channel_stock_stale",
    ].includes(kind)
      ? t(`messaging.kind.${kind}` as MessageKey)
      : kind;
  return (
    <>
      <div className="toolbar">
        <h2 className="grow">{t("messaging.notifications")}</h2>
        <button onClick={list.reload} data-testid="owner-notifications-refresh">
          ↻
        </button>
      </div>
      <Status loading={list.loading && !list.data} error={list.error} reload={list.reload} />
      <table data-testid="owner-notifications-table">
        <thead>
          <tr>
            <th>{t("messaging.when")}</th>
            <th>{t("messaging.kind")}</th>
            <th>{t("messaging.text")}</th>
            <th>{t("messaging.delivery")}</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.notifications.map((n) => (
            <tr key={n.id} data-testid={`owner-notification-${n.id}`}>
              <td>{f.dateTime(n.createdAt)}</td>
              <td>{kindName(n.kind)}</td>
              <td className="messaging-body">{n.storeName ? `${n.storeName}: ${n.message}` : n.message}</td>
              <td>
                {n.deliveries.length === 0 ? (
                  <span className={`badge status-${n.status}`}>
                    {t(`messaging.notification.${n.status}` as MessageKey)}
                  </span>
                ) : (
                  n.deliveries.map((d, i) => (
                    <div key={i} className="small" data-status={d.status}>
                      {t(`messaging.channel.${d.channel}` as MessageKey)} · {d.contactName}:{" "}
                      <span className={`badge status-${d.status}`}>
                        {t(`messaging.status.${d.status}` as MessageKey)}
                      </span>
                      {d.lastError ? <span className="muted"> — {d.lastError}</span> : null}
                    </div>
                  ))
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && list.data.notifications.length === 0 ? <p className="muted">{t("common.none")}</p> : null}
    </>
  );
}
