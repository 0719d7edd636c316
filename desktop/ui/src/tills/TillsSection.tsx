import { useEffect, useState } from "react";
import type { ManagedTerminal } from "@mostrador/contracts/http/settings";
import { get, patch, post } from "../api/client.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { useSession } from "../session/session-store.js";
import { ConfirmDialog } from "../shared/ConfirmDialog.js";
import { ErrorText } from "../shared/ErrorText.js";

const CODE = /^\d{1,4}$/;

/**
 * The shop's tills in Ajustes: add one (its number is its punto de venta), rename one, retire one (it leaves
 * the login screen; its sales stay). The appliance refuses retiring the till in use or the last one, and
 * says so; its words are shown here.
 */
export function TillsSection() {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const here = useSession((s) => s.terminal?.id ?? null);
  const [tills, setTills] = useState<ManagedTerminal[] | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [codeProblem, setCodeProblem] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [retiring, setRetiring] = useState<ManagedTerminal | null>(null);

  const load = async () => {
    const list = await get<ManagedTerminal[]>("/api/settings/terminals");
    setTills(list);
    setNames(Object.fromEntries(list.map((x) => [x.id, x.name])));
  };
  // runs on mount, not on every render.
  useEffect(() => {
    load().catch((e) => setError(format.error(e)));
  }, []);

  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      notify("info", await work());
      await load();
      void useSession.getState().loadOptions();
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  const add = () => {
    const n = Number(code.trim());
    if (!CODE.test(code.trim()) || n < 1) {
      setCodeProblem(t("tills.problem.code"));
      return;
    }
    setCodeProblem(null);
    void act(async () => {
      const created = await post<ManagedTerminal>("/api/settings/terminals", { code: n, name });
      setCode("");
      setName("");
      return t("tills.added", { name: created.name });
    });
  };

  return (
    <div className="card" data-testid="settings-tills">
      <h2>{t("tills.title")}</h2>
      {tills && (
        <table className="tills-table">
          <thead>
            <tr>
              <th>{t("tills.code")}</th>
              <th>{t("tills.name")}</th>
              <th>{t("tills.status")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tills.map((till) => (
              <tr key={till.id} data-testid="till-row" data-code={till.code}>
                <td>{till.code}</td>
                <td>
                  <input
                    aria-label={t("tills.name")}
                    data-testid="till-name"
                    maxLength={40}
                    value={names[till.id] ?? ""}
                    disabled={busy || till.retiredAt !== null}
                    onChange={(e) => setNames({ ...names, [till.id]: e.target.value })}
                  />
                  {names[till.id] !== till.name && (
                    <button
                      type="button"
                      data-testid="till-rename"
                      disabled={busy}
                      onClick={() =>
                        void act(async () => {
                          await patch("/api/settings/terminals/" + till.id, { name: names[till.id] ?? "" });
                          return t("tills.renamed");
                        })
                      }
                    >
                      {t("common.save")}
                    </button>
                  )}
                </td>
                <td data-testid="till-status">
                  {till.retiredAt ? (
                    <span className="badge">{t("tills.retired")}</span>
                  ) : (
                    t("tills.inService")
                  )}{" "}
                  {till.id === here && <span className="muted">{t("tills.thisOne")}</span>}
                </td>
                <td>
                  {!till.retiredAt && (
                    <button
                      type="button"
                      data-testid="till-retire"
                      disabled={busy}
                      onClick={() => setRetiring(till)}
                    >
                      {t("tills.retire")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="form-grid">
        <label>
          {t("tills.code")}
          <input
            data-testid="till-new-code"
            inputMode="numeric"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <ErrorText text={codeProblem} testId="till-new-code-error" />
        </label>
        <label>
          {t("tills.name")}
          <input
            data-testid="till-new-name"
            maxLength={40}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
      </div>
      <button type="button" data-testid="till-add" disabled={busy} onClick={add}>
        {t("tills.add")}
      </button>
      <ErrorText text={error} testId="tills-error" />
      {retiring && (
        <ConfirmDialog
          title={t("tills.retireTitle", { name: retiring.name })}
          message={t("tills.retireConfirm")}
          confirmLabel={t("tills.retire")}
          onCancel={() => setRetiring(null)}
          onConfirm={() => {
            const till = retiring;
            setRetiring(null);
            void act(async () => {
              await post("/api/settings/terminals/" + till.id + "/retire");
              return t("tills.retiredNotice", { name: till.name });
            });
          }}
        />
      )}
    </div>
  );
}
