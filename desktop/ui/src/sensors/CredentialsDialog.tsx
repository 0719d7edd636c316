import type { DeviceCredentials } from "./device-form.js";
import { useT } from "../i18n/use-i18n.js";
import { Dialog } from "../shared/Dialog.js";

/**
 * The device's MQTT credentials, shown ONCE (after creating it or rotating its secret): the server keeps only a
 * hash, so a lost password means rotating again. The topics are the ones the firmware must use.
 */
export function CredentialsDialog({
  name,
  credentials,
  onClose,
}: {
  name: string;
  credentials: DeviceCredentials;
  onClose: () => void;
}) {
  const t = useT();
  const rows: [string, string, string][] = [
    [t("credentials.host"), credentials.host, "credentials-host"],
    [t("credentials.port"), String(credentials.port), "credentials-port"],
    [t("credentials.username"), credentials.username, "credentials-username"],
    [t("credentials.password"), credentials.password, "credentials-password"],
  ];
  return (
    <Dialog title={t("credentials.title", { name })} testId="credentials-dialog" onClose={onClose} wide>
      <p className="warning" role="alert" data-testid="credentials-warning">
        {t("credentials.warning")}
      </p>
      <dl className="credentials">
        {rows.map(([label, value, testId]) => (
          <div key={testId}>
            <dt>{label}</dt>
            <dd>
              <code data-testid={testId}>{value}</code>
            </dd>
          </div>
        ))}
      </dl>
      <h3>{t("credentials.publishes")}</h3>
      <ul className="topics" data-testid="credentials-publishes">
        {credentials.publishes.map((topic) => (
          <li key={topic}>
            <code>{topic}</code>
          </li>
        ))}
      </ul>
      {credentials.subscribes.length > 0 && (
        <>
          <h3>{t("credentials.subscribes")}</h3>
          <ul className="topics" data-testid="credentials-subscribes">
            {credentials.subscribes.map((topic) => (
              <li key={topic}>
                <code>{topic}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="actions">
        <button type="button" className="primary" data-testid="credentials-done" onClick={onClose}>
          {t("credentials.done")}
        </button>
      </div>
    </Dialog>
  );
}
