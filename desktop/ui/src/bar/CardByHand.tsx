import { useState } from "react";
import { useT } from "../i18n/use-i18n.js";
import { Dialog } from "../shared/Dialog.js";

/** A card typed by hand (its UID or printed number) when the reader is out: the same as a tap. */
export function CardByHand({ onClose, onCard }: { onClose: () => void; onCard: (uid: string) => void }) {
  const t = useT();
  const [uid, setUid] = useState("");
  return (
    <Dialog title={t("bar.byHandTitle")} testId="bar-by-hand-dialog" onClose={onClose}>
      <form
        className="bar-by-hand"
        onSubmit={(e) => {
          e.preventDefault();
          if (uid.trim()) onCard(uid.trim());
        }}
      >
        <label>
          {t("bar.byHandLabel")}
          <input
            autoFocus
            data-testid="bar-by-hand-uid"
            value={uid}
            maxLength={64}
            autoComplete="off"
            onChange={(e) => setUid(e.target.value)}
          />
        </label>
        <div className="actions">
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="primary" data-testid="bar-by-hand-submit" disabled={!uid.trim()}>
            {t("bar.byHandSubmit")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
