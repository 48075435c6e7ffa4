/**
 * A MentionStore held in memory, for replay: one process over data it throws away at the end,
 * where a database would only be written and never read. It answers as DynamoMentionStore does
 * (the same results for the same calls, held to it by in-memory-stores.test.ts).
 */
import { MentionNotFoundError } from '../../lambdas/adapters/dynamo-mention-store.ts';
import type { Mention } from '../../lambdas/core/mention.ts';
import type { MentionStore } from '../../lambdas/core/ports.ts';

export class InMemoryMentionStore implements MentionStore {
  readonly #items = new Map<string, Mention>();

  async getMany(ids: readonly string[]): Promise<Map<string, Mention>> {
    const found = new Map<string, Mention>();
    for (const id of ids) {
      const m = this.#items.get(id);
      if (m) found.set(id, structuredClone(m));
    }
    return found;
  }

  async putMany(mentions: readonly Mention[]): Promise<void> {
    for (const m of mentions) this.#items.set(m.id, structuredClone(m));
  }

  async get(id: string): Promise<Mention | undefined> {
    const m = this.#items.get(id);
    return m && structuredClone(m);
  }

  async attachToIncident(id: string, incidentId: string): Promise<void> {
    const m = this.#items.get(id);
    if (!m) throw new MentionNotFoundError(id);
    m.incidentId = incidentId;
  }

  async listByIncident(incidentId: string, limit: number): Promise<Mention[]> {
    return [...this.#items.values()]
      .filter((m) => m.incidentId === incidentId)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
      .slice(0, limit)
      .map((m) => structuredClone(m));
  }
}
