import { Component, type ReactNode } from "react";

interface State {
  error: Error | null;
}

/**
 * Last line of defence: a rendering bug must not leave the cashier in front of a blank screen.
 * Committed sales are safe on the appliance; reloading brings the till back (a cart in progress is lost).
 * Plain text on purpose: this renders when anything else, i18n included, may be broken.
 */
export class CrashScreen extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="login" data-testid="crash-screen" role="alert">
        <h1>Algo falló en la pantalla / The screen failed</h1>
        <p>
          Las ventas registradas están a salvo. Recargá para seguir. · Recorded sales are safe. Reload to
          continue.
        </p>
        <pre className="receipt">{String(this.state.error.message)}</pre>
        <button type="button" className="primary big" onClick={() => location.reload()}>
          Recargar / Reload
        </button>
      </main>
    );
  }
}
