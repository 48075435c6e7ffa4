/**
 * A Source that releases pre-generated Mentions as simulated time passes: it stands in for a
 * platform connector in the demo, with the same cursor contract (the caller stores the cursor).
 */
import type { FetchedMention } from '../../../lambdas/core/mention.ts';
import type { Clock, Cursor, FetchResult, Source } from '../../../lambdas/core/ports.ts';

export class ScenarioSource implements Source {
  readonly #items: FetchedMention[];

  constructor(
    readonly id: string,
    items: FetchedMention[],
    private readonly clock: Clock,
  ) {
    this.#items = items.filter((m) => m.sourceId === id).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async fetch(cursor: Cursor | undefined): Promise<FetchResult> {
    const after = cursor?.after ?? '';
    const until = this.clock.now().toISOString();
    const mentions = this.#items.filter((m) => m.createdAt > after && m.createdAt <= until);
    return { mentions, cursor: { after: mentions.at(-1)?.createdAt ?? after } };
  }
}
