import { type DeviceTopic, parseTopic } from "@mostrador/contracts/mqtt/topics";

/**
 * Parsed topics by topic string. A device publishes the same few topics over and over, so the split and
 * the two regex tests run once per topic, not once per message. parseTopic is a pure function of the
 * string, so a cached entry can never go stale: what a device may do with a topic is still decided per
 * message against the live registry (topic-policy.ts). The map is emptied when it reaches `max`, so it
 * stays bounded even when a client sends many distinct (refused) topics. The entries are frozen: callers
 * share them.
 */
export class ParsedTopicCache {
  readonly #parsed = new Map<string, Readonly<DeviceTopic> | null>();
  constructor(private readonly max = 4096) {}

  get size(): number {
    return this.#parsed.size;
  }

  parse(topic: string): Readonly<DeviceTopic> | null {
    let parsed = this.#parsed.get(topic);
    if (parsed === undefined) {
      if (this.#parsed.size >= this.max) this.#parsed.clear();
      parsed = parseTopic(topic);
      this.#parsed.set(topic, parsed && Object.freeze(parsed));
    }
    return parsed;
  }
}

/** One cache for the whole per-message path: the policy check and ingest parse each topic once between them. */
export const parsedTopics = new ParsedTopicCache();
