/**
 * An IncidentStore decorator for single-process runs that start from an empty table (replay):
 * every write still goes to the real store (conditional, as ever), and a mirror in memory of
 * what was written answers the reads detection makes on every run. Only valid while this
 * process is the only writer.
 */
import type { Incident } from '../../lambdas/core/incident.ts';
import type { IncidentStore } from '../../lambdas/core/ports.ts';

export class MirroredIncidentStore implements IncidentStore {
  readonly #mirror = new Map<string, Incident>();

  constructor(private readonly inner: IncidentStore) {}

  async get(id: string): Promise<Incident | undefined> {
    const i = this.#mirror.get(id);
    return i && structuredClone(i);
  }

  async create(incident: Incident): Promise<boolean> {
    const created = await this.inner.create(incident);
    if (created) this.#mirror.set(incident.id, structuredClone(incident));
    return created;
  }

  async save(incident: Incident): Promise<void> {
    await this.inner.save(incident);
    this.#mirror.set(incident.id, structuredClone(incident));
  }

  async findOpen(brand: string, fingerprint: string): Promise<Incident | undefined> {
    for (const i of this.#mirror.values()) {
      if (i.brand === brand && i.fingerprint === fingerprint && i.status !== 'resolved') return structuredClone(i);
    }
    return undefined;
  }

  async listOpenedBetween(brand: string, from: string, to: string): Promise<Incident[]> {
    return [...this.#mirror.values()]
      .filter((i) => i.brand === brand && i.openedAt >= from && i.openedAt < to)
      .sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : 0))
      .map((i) => structuredClone(i));
  }
}
