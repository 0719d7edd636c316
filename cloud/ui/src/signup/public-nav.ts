import { create } from "zustand";

/**
 * The screens before a session: login, sign-up, "forgot my password", and the three emailed links.
 * Links carry their token in the URL's fragment (`#verificar=…`, `#restablecer=…`, `#invitacion=…`):
 * a fragment never reaches a server log. It is read once and removed from the address bar.
 * `/#crear-cuenta` opens the sign-up form (the link the public site points at).
 */
export type PublicView = "login" | "signup" | "forgot" | "verify" | "reset" | "invite";

const LINKS: Record<string, PublicView> = { verificar: "verify", restablecer: "reset", invitacion: "invite" };

function fromHash(): { view: PublicView; token: string | null } {
  // The public site's "Crear cuenta" links here: /#crear-cuenta opens the sign-up form.
  if (globalThis.location?.hash === "#crear-cuenta") return { view: "signup", token: null };
  const match = /^#(verificar|restablecer|invitacion)=(mo[a-z]_[A-Za-z0-9_-]+)$/.exec(
    globalThis.location?.hash ?? "",
  );
  if (!match) return { view: "login", token: null };
  try {
    globalThis.history?.replaceState(null, "", globalThis.location.pathname + globalThis.location.search);
  } catch {
    // No history API: the fragment stays, harmlessly.
  }
  return { view: LINKS[match[1]!]!, token: match[2]! };
}

interface PublicNav {
  view: PublicView;
  token: string | null;
  go(view: PublicView): void;
}

export const usePublicNav = create<PublicNav>()((set) => ({
  ...fromHash(),
  go: (view) => set({ view, token: null }),
}));
