import type { Charge, MpAccountAnswer, PointDevice } from "@mostrador/contracts/http/mercadopago";
import { useEffect, useState } from "react";
import { api, get } from "../api/client.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ErrorText } from "../shared/ErrorText.js";
import "./mercadopago.css";

const EMPTY_FORM = {
  accessToken: "",
  webhookSecret: "",
  streetName: "",
  streetNumber: "",
  cityName: "",
  stateName: "",
  latitude: "",
  longitude: "",
};

/**
 * Ajustes → Mercado Pago (settings.edit): the seller's access token (sealed on the appliance) and the
 * webhook secret, the store's address MP asks for; connecting creates the store and a caja per till at
 * MP and shows each caja's external_pos_id; a Point device per till; the notification URL to paste in
 * the MP application (from the paired cloud); the payments MP confirmed with no sale.
 */
export function MercadoPagoSection() {
  const t = useT();
  const format = useFormat();
  const [account, setAccount] = useState<MpAccountAnswer | null>(null);
  const [form, setForm] = useState(EMPTY_FORM);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [devices, setDevices] = useState<PointDevice[] | null>(null);

  const load = () =>
    get<MpAccountAnswer>("/api/mercadopago/account")
      .then(setAccount)
      .catch((e) => setError(format.error(e)));
  // runs on mount, not on every render.
  useEffect(() => {
    void load();
  }, []);
  if (!account) return <div className="card">{t("common.loading")}</div>;

  const field = (key: keyof typeof EMPTY_FORM, label: string, type = "text") => (
    <label>
      {label}
      <input
        type={type}
        value={form[key]}
        data-testid={`mp-${key}`}
        autoComplete="off"
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </label>
  );

  const connect = () => {
    setError(null);
    const latitude = Number(form.latitude.replace(",", "."));
    const longitude = Number(form.longitude.replace(",", "."));
    if (!form.latitude.trim() || !form.longitude.trim() || Number.isNaN(latitude) || Number.isNaN(longitude))
      return setError(t("mp.coordinatesNeeded"));
    setBusy(true);
    api<MpAccountAnswer>("POST", "/api/mercadopago/account", {
      accessToken: form.accessToken.trim(),
      ...(form.webhookSecret.trim() ? { webhookSecret: form.webhookSecret.trim() } : {}),
      location: {
        streetName: form.streetName.trim(),
        streetNumber: form.streetNumber.trim(),
        cityName: form.cityName.trim(),
        stateName: form.stateName.trim(),
        latitude,
        longitude,
      },
    })
      .then((a) => {
        setAccount(a);
        setForm(EMPTY_FORM);
        setEditing(false);
      })
      .catch((e) => setError(format.error(e)))
      .finally(() => setBusy(false));
  };

  const showForm = !account.connected || editing;
  return (
    <div className="card mp-section" data-testid="settings-mercadopago">
      <h2>
        {t("mp.title")}{" "}
        {account.connected && (
          <span className={`badge ${account.live ? "ok-badge" : "warning"}`} data-testid="mp-status">
            {account.live
              ? t("mp.connectedLive", { name: account.nickname ?? "" })
              : t("mp.connectedTest", { name: account.nickname ?? "" })}
          </span>
        )}
      </h2>
      {showForm && (
        <div className="mp-form">
          <p className="muted">{t("mp.help")}</p>
          {field("accessToken", t("mp.accessToken"), "password")}
          {field("webhookSecret", t("mp.webhookSecret"), "password")}
          <fieldset>
            <legend>{t("mp.address")}</legend>
            {field("streetName", t("mp.streetName"))}
            {field("streetNumber", t("mp.streetNumber"))}
            {field("cityName", t("mp.cityName"))}
            {field("stateName", t("mp.stateName"))}
            {field("latitude", t("mp.latitude"))}
            {field("longitude", t("mp.longitude"))}
          </fieldset>
          <button
            type="button"
            className="primary"
            disabled={busy}
            data-testid="mp-connect"
            onClick={connect}
          >
            {busy ? t("mp.connecting") : t("mp.connect")}
          </button>
        </div>
      )}
      <ErrorText text={error} testId="mp-error" />
      {account.connected && (
        <>
          <table className="mp-tills">
            <thead>
              <tr>
                <th>{t("mp.till")}</th>
                <th>{t("mp.externalPosId")}</th>
                <th>{t("mp.point")}</th>
              </tr>
            </thead>
            <tbody>
              {account.tills.map((till) => (
                <tr key={till.terminalId} data-testid="mp-till">
                  <td>
                    {till.code} · {till.name}
                  </td>
                  <td data-testid="mp-external-pos-id">
                    <code>{till.externalPosId ?? "—"}</code>
                  </td>
                  <td>
                    {devices ? (
                      <select
                        value={till.pointTerminalId ?? ""}
                        data-testid="mp-point-select"
                        onChange={(e) => {
                          setError(null);
                          api<MpAccountAnswer>("PUT", `/api/mercadopago/tills/${till.terminalId}/point`, {
                            pointTerminalId: e.target.value || null,
                          })
                            .then(setAccount)
                            .catch((err) => setError(format.error(err)));
                        }}
                      >
                        <option value="">{t("mp.noPoint")}</option>
                        {devices.map((d) => (
                          <option key={d.id} value={d.id}>
                            {d.id} ({d.operatingMode})
                          </option>
                        ))}
                      </select>
                    ) : (
                      (till.pointTerminalId ?? "—")
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <button
              type="button"
              data-testid="mp-load-points"
              onClick={() =>
                get<PointDevice[]>("/api/mercadopago/point-devices")
                  .then(setDevices)
                  .catch((e) => setError(format.error(e)))
              }
            >
              {t("mp.choosePoint")}
            </button>
            <button type="button" onClick={() => setEditing(!editing)}>
              {t("mp.changeCredentials")}
            </button>
            <button
              type="button"
              className="link"
              onClick={() =>
                api<MpAccountAnswer>("DELETE", "/api/mercadopago/account")
                  .then(setAccount)
                  .catch((e) => setError(format.error(e)))
              }
            >
              {t("mp.disconnect")}
            </button>
          </div>
          <p className="muted" data-testid="mp-webhook-url">
            {account.webhookUrl ? t("mp.webhookUrl", { url: account.webhookUrl }) : t("mp.webhookUrlPending")}
          </p>
          <UnattachedPayments />
        </>
      )}
    </div>
  );
}

/** "Pagos de Mercado Pago sin venta": confirmed by MP, no sale recorded them. Refund (a manager) or use at the till. */
export function UnattachedPayments() {
  const t = useT();
  const format = useFormat();
  const [charges, setCharges] = useState<Charge[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    get<Charge[]>("/api/mercadopago/unattached")
      .then(setCharges)
      .catch((e) => setError(format.error(e)));
  // runs on mount, not on every render.
  useEffect(() => {
    void load();
  }, []);
  return (
    <div className="mp-unattached" data-testid="mp-unattached">
      <h3>{t("mp.unattachedTitle")}</h3>
      {charges.length === 0 ? (
        <p className="muted">{t("mp.unattachedNone")}</p>
      ) : (
        <ul>
          {charges.map((c) => (
            <li key={c.id} data-testid="mp-unattached-row">
              <span>{format.dateTime(c.createdAt)}</span>
              <span>{t("mp.tillCode", { code: c.terminalCode })}</span>
              <strong>{format.money(c.amount)}</strong>
              <code>{c.orderId}</code>
              <button
                type="button"
                data-testid="mp-refund"
                onClick={() =>
                  api<Charge>("POST", `/api/mercadopago/charges/${c.id}/refund`)
                    .then(() => load())
                    .catch((e) => setError(format.error(e)))
                }
              >
                {t("mp.refund")}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorText text={error} testId="mp-unattached-error" />
    </div>
  );
}
