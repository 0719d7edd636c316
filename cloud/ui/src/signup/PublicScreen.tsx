import { LoginScreen } from "../login/LoginScreen.js";
import {
  AcceptInvitationScreen,
  ForgotPasswordScreen,
  ResetPasswordScreen,
  VerifyEmailScreen,
} from "./LinkScreens.js";
import { usePublicNav } from "./public-nav.js";
import { SignUpScreen } from "./SignUpScreen.js";

/** What a visitor sees: login, sign-up, "forgot my password" or the page of an emailed link. */
export function PublicScreen() {
  const { view, token } = usePublicNav();
  if (view === "verify" && token) return <VerifyEmailScreen token={token} />;
  if (view === "reset" && token) return <ResetPasswordScreen token={token} />;
  if (view === "invite" && token) return <AcceptInvitationScreen token={token} />;
  if (view === "signup") return <SignUpScreen />;
  if (view === "forgot") return <ForgotPasswordScreen />;
  return <LoginScreen />;
}
