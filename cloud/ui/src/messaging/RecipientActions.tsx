import { useState } from "react";
import type { ContactView, TelegramLinkAnswer } from "@mostrador/contracts/http/messaging";
import { del, post } from "../api/client.js";
import { useT } from "../i18n/i18n.js";

/**
 * Per owner recipient: "Conectar Telegram" (a one-time t.me link the person opens on their phone; the
 * bot's /start links their chat) and "Quitar" (asks once more before removing).
 */
export function RecipientActions(props: {
  contact: ContactView;
  changed(text: string): void;
  fail(err: unknown): void;
}) {
  const t = useT();
  const { contact } = props;
  const [link, setLink] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="recipient-actions">
      <button
        className="link"
        data-testid={`telegram-link-${contact.id}`}
        onClick={() =>
          void post<TelegramLinkAnswer>(`/v1/messaging/contacts/${contact.id}/telegram-link`, {}).then(
            (answer) => setLink(answer.url),
            props.fail,
          )
        }
      >
        {t("messaging.connectTelegram")}
      </button>
      {confirming ? (
        <button
          className="danger"
          data-testid={`remove-confirm-${contact.id}`}
          onClick={() =>
            void del(`/v1/messaging/contacts/${contact.id}`).then(
              () => props.changed(t("messaging.removed")),
              props.fail,
            )
          }
        >
          {t("messaging.removeConfirm", { name: contact.name })}
        </button>
      ) : (
        <button className="link" data-testid={`remove-${contact.id}`} onClick={() => setConfirming(true)}>
          {t("messaging.remove")}
        </button>
      )}
      {link ? (
        <p className="small" data-testid={`telegram-link-url-${contact.id}`}>
          {t("messaging.telegramLinkHint", { name: contact.name })}{" "}
          <a href={link} target="_blank" rel="noreferrer">
            {link}
          </a>
        </p>
      ) : null}
    </div>
  );
}
