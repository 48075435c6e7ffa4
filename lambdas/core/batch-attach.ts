/**
 * Attaching a batch's own Mentions to Incidents in batched writes. Detection attaches Mention by
 * Mention (`MentionStore.attachToIncident`, one UpdateItem each); the Mentions of the batch being
 * recorded are in memory, as stored, and their source's run holds the lease (only its runs write
 * them), so they are written again whole, with their Incident, in `putMany`'s batched writes.
 *
 * The writes are held until detection is done, and sent before anything outside the run can look
 * for them: before an escalation flow starts (its first email lists the Incident's Mentions) and
 * before a waiting flow is told of a change. Any other Mention goes through the store as before.
 */
import type { Mention } from './mention.ts';
import type { FlowCallback, FlowStarter, MentionStore } from './ports.ts';

export class BatchAttach {
  readonly #batch: Map<string, Mention>;
  readonly #held = new Map<string, Mention>();
  /** The write in flight: a flow waits for it even when another caller started it. */
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: MentionStore,
    batch: readonly Mention[],
  ) {
    this.#batch = new Map(batch.map((m) => [m.id, m]));
  }

  /** The store detection is given: attaching a Mention of the batch is held for `flush`. */
  mentions(): MentionStore {
    const store = this.store;
    return {
      getMany: (ids) => store.getMany(ids),
      putMany: (mentions) => store.putMany(mentions),
      get: (id) => store.get(id),
      listByIncident: (incidentId, limit) => store.listByIncident(incidentId, limit),
      attachToIncident: async (id, incidentId) => {
        const m = this.#batch.get(id);
        if (!m) return store.attachToIncident(id, incidentId);
        m.incidentId = incidentId;
        this.#held.set(id, m);
      },
    };
  }

  /** Flows that see the held attachments: they are written before a flow starts or is told. */
  flows(flows: FlowStarter): FlowStarter {
    return {
      start: async (name, input) => {
        await this.flush();
        return flows.start(name, input);
      },
    };
  }

  callbacks(callbacks: FlowCallback): FlowCallback {
    return {
      succeed: async (token, output) => {
        await this.flush();
        return callbacks.succeed(token, output);
      },
      fail: async (token, error, cause) => {
        await this.flush();
        return callbacks.fail(token, error, cause);
      },
    };
  }

  /**
   * Writes the held attachments (batched). A failed write keeps them held, so the caller's last
   * flush fails the run (its journal stays, and the next run attaches them) even where an earlier
   * failure was only logged.
   */
  flush(): Promise<void> {
    this.#writing = this.#writing.catch(() => undefined).then(() => this.#write());
    return this.#writing;
  }

  async #write(): Promise<void> {
    if (!this.#held.size) return;
    const held = [...this.#held.values()];
    this.#held.clear();
    try {
      await this.store.putMany(held);
    } catch (err) {
      for (const m of held) if (!this.#held.has(m.id)) this.#held.set(m.id, m);
      throw err;
    }
  }
}
