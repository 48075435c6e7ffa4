/**
 * A MentionStore decorator for single-process runs that start from an empty table (replay):
 * every write still goes to the real store, and a mirror in memory answers the reads ingest
 * makes on every run (dedup, the originals of replies, the Mentions waiting to be scored).
 * Only valid while this process is the only writer.
 */
import type { Mention } from '../../lambdas/core/mention.ts';
import type { MentionStore } from '../../lambdas/core/ports.ts';

export class MirroredMentionStore implements MentionStore {
  readonly #mirror = new Map<string, Mention>();

  constructor(private readonly inner: MentionStore) {}

  async getMany(ids: readonly string[]): Promise<Map<string, Mention>> {
    const found = new Map<string, Mention>();
    for (const id of ids) {
      const m = this.#mirror.get(id);
      if (m) found.set(id, structuredClone(m));
    }
    return found;
  }

  async putMany(mentions: readonly Mention[]): Promise<void> {
    await this.inner.putMany(mentions);
    for (const m of mentions) this.#mirror.set(m.id, structuredClone(m));
  }

  async get(id: string): Promise<Mention | undefined> {
    const m = this.#mirror.get(id);
    return m && structuredClone(m);
  }

  async attachToIncident(id: string, incidentId: string): Promise<void> {
    await this.inner.attachToIncident(id, incidentId);
    const m = this.#mirror.get(id);
    if (m) m.incidentId = incidentId;
  }

  listByIncident(incidentId: string, limit: number): Promise<Mention[]> {
    return this.inner.listByIncident(incidentId, limit);
  }
}
