/** Read-modify-write of an Incident under the store's optimistic lock, retried on a lost race. */
import { ConcurrentUpdateError, IncidentNotFoundError, type Incident } from './incident.ts';
import type { IncidentStore } from './ports.ts';

/**
 * Applies `change` to the latest stored Incident and saves it with version + 1.
 * `change` returns false to skip the write (nothing to do); it may run more than once.
 */
export async function updateIncident(
  store: IncidentStore,
  id: string,
  change: (incident: Incident) => boolean | void,
  attempts = 5,
): Promise<Incident> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.get(id);
    if (!current) throw new IncidentNotFoundError(id);
    const next: Incident = structuredClone(current);
    if (change(next) === false) return current;
    next.version = current.version + 1;
    try {
      await store.save(next);
      return next;
    } catch (err) {
      if (!(err instanceof ConcurrentUpdateError) || attempt >= attempts) throw err;
    }
  }
}
