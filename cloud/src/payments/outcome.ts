/** What a notification ended in; the route answers MP by it. */
export type NotificationOutcome =
  | { kind: "recorded"; duplicate: boolean }
  | { kind: "ignored"; reason: string }
  /** MP could not be asked: answer 503 so MP sends it again later. */
  | { kind: "retry_later" };
