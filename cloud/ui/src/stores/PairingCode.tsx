import type { PairingCode as PairingCodeAnswer } from "@mostrador/contracts/http/cloud-stores";
import { useState } from "react";
import { post } from "../api/client.js";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import "./stores.css";

/** "Pair a device": asks for a one-time code and shows it large, with its expiry, to type at the till. */
export function PairingCode({ storeId, timeZone }: { storeId: string; timeZone: string }) {
  const t = useT();
  const f = useFormat();
  const [code, setCode] = useState<{ code: string; expiresAt: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function create() {
    setError(null);
    try {
      setCode(await post<PairingCodeAnswer>(`/v1/stores/${storeId}/pairing-codes`));
    } catch (err) {
      setError(f.error(err));
    }
  }

  return (
    <div className="pairing">
      <button className="primary" data-testid={`pair-${storeId}`} onClick={() => void create()}>
        {t("stores.pair")}
      </button>
      {code ? (
        <div className="pairing-code">
          {/* Split 4 + 4 so it reads like the till's input; the till ignores the space. */}
          <output data-testid="pairing-code">{`${code.code.slice(0, 4)} ${code.code.slice(4)}`}</output>
          <p data-testid="pairing-code-expiry">
            {t("stores.codeHint", { time: f.time(code.expiresAt, timeZone) })}
          </p>
        </div>
      ) : null}
      {error ? <p className="error">{error}</p> : null}
    </div>
  );
}
