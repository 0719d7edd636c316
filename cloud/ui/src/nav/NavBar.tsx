import { useLocale, useT, type MessageKey } from "../i18n/i18n.js";
import { useSession } from "../session/session-store.js";
import { SCREENS, useNav } from "./nav-store.js";
import "./nav.css";

export function NavBar() {
  const t = useT();
  const { screen, go } = useNav();
  const toggle = useLocale((s) => s.toggle);
  const { session, logout } = useSession();
  return (
    <nav className="nav">
      <strong className="brand">Mostrador</strong>
      {SCREENS.map((s) => (
        <button
          key={s}
          data-testid={`nav-${s}`}
          className={s === screen ? "selected" : ""}
          aria-current={s === screen ? "page" : undefined}
          onClick={() => go(s)}
        >
          {t(`nav.${s}` as MessageKey)}
        </button>
      ))}
      <span className="spacer" />
      <span className="muted" data-testid="nav-who">
        {session?.email}
      </span>
      <button data-testid="language-toggle" onClick={toggle}>
        {t("app.language")}
      </button>
      <button data-testid="logout" onClick={() => void logout()}>
        {t("nav.logout")}
      </button>
    </nav>
  );
}
