import { useEffect, useState } from "react";
import { get } from "../api/client.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ErrorText } from "../shared/ErrorText.js";
import { type GatewayStats, refusalRows } from "./gateway-traffic.js";

const REFRESH_MS = 10_000;

/**
 * The broker's counters: accepted traffic and everything refused or malformed, by reason — so an installer
 * sees at once a node with a wrong password, a sensor out of range or a flood from the LAN.
 */
export function GatewayTraffic() {
  const t = useT();
  const format = useFormat();
  const [stats, setStats] = useState<GatewayStats | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    const load = () =>
      get<GatewayStats>("/api/gateway/stats").then(
        (s) => alive && (setStats(s), setError(null)),
        (e: unknown) => alive && setError(format.error(e)),
      );
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [format]);

  const rows = stats ? refusalRows(stats) : [];
  return (
    <details className="gateway-traffic" data-testid="gateway-traffic">
      <summary>
        {t("gateway.traffic.title")}
        {stats && (
          <span className="muted">
            {" "}
            ·{" "}
            {t("gateway.traffic.summary", { online: stats.devicesOnline, accepted: stats.messages.accepted })}
          </span>
        )}
        {rows.length > 0 && <span className="badge warning"> {rows.reduce((n, r) => n + r.count, 0)}</span>}
      </summary>
      <ErrorText text={error} testId="gateway-traffic-error" />
      {stats && rows.length === 0 && <p className="muted">{t("gateway.traffic.clean")}</p>}
      {rows.length > 0 && (
        <table data-testid="gateway-refusals">
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.group}/${r.reason}`}>
                <td>{t(`gateway.traffic.group.${r.group}`)}</td>
                <td>
                  <code>{r.reason}</code>
                </td>
                <td className="num">{r.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
