/** An inline refusal next to what caused it; role="alert" so screen readers announce it. */
export function ErrorText({ text, testId = "error-text" }: { text: string | null; testId?: string }) {
  if (!text) return null;
  return (
    <p className="error-text" role="alert" data-testid={testId}>
      {text}
    </p>
  );
}
