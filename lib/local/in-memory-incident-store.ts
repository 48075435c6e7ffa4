/**
 * An IncidentStore held in memory, for replay (see in-memory-mention-store.ts): conditional
 * creates and version-checked saves as DynamoIncidentStore makes them.
 */
import { ConcurrentUpdateError, type Incident } from '../../lambdas/core/incident.ts';
import type { IncidentStore } from '../../lambdas/core/ports.ts';

export class InMemoryIncidentStore implements IncidentStore {
  readonly #items = new Map<string, Incident>();

  async get(id: string): Promise<Incident | undefined> {
    const i = this.#items.get(id);
    return i && structuredClone(i);
  }

  async create(incident: Incident): Promise<boolean> {
    if (this.#items.has(incident.id)) return false;
    this.#items.set(incident.id, structuredClone(incident));
    return true;
  }

  async save(incident: Incident): Promise<void> {
    if (this.#items.get(incident.id)?.version !== incident.version - 1) throw new ConcurrentUpdateError(incident.id);
    this.#items.set(incident.id, structuredClone(incident));
  }

  async findOpen(brand: string, fingerprint: string): Promise<Incident | undefined> {
    for (const i of this.#items.values()) {
      if (i.brand === brand && i.fingerprint === fingerprint && i.status !== 'resolved') return structuredClone(i);
    }
    return undefined;
  }

  async listOpenedBetween(brand: string, from: string, to: string): Promise<Incident[]> {
    return [...this.#items.values()]
      .filter((i) => i.brand === brand && i.openedAt >= from && i.openedAt < to)
      .sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : 0))
      .map((i) => structuredClone(i));
  }
}
