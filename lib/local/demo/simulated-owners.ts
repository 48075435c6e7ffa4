/**
 * The demo's Owners, acting on their email the way people do: one sleeps through the page,
 * one acknowledges a few minutes after it lands, and resolves hours later with a root cause.
 * They click the real links: GET the confirmation page, then POST its form to the local server.
 */
import he from 'he';
import type { LinkSigner, LinkAction } from '../../../lambdas/core/links.ts';
import type { Email, Mailer } from '../../../lambdas/core/ports.ts';
import type { ResolveFormValues } from '../../../lambdas/core/pages/views.ts';
import type { Timers } from '../timers.ts';

export interface OwnerBehaviour {
  /** Simulated minutes after the email lands; absent = never. */
  acknowledgeAfter?: number;
  resolveAfter?: number;
}

/** What the resolver types into the resolve form. */
export type Resolution = Omit<ResolveFormValues, 'linkNonce'>;

export interface SimulatedOwnersOptions {
  inner: Mailer;
  signer: LinkSigner;
  /** The page server to click through (the links may name another origin). */
  serverUrl: string;
  behaviours: Record<string, OwnerBehaviour>;
  /** What the resolver writes for an Incident (its root cause, its verdict: real or a false alarm). */
  resolutionFor: (incidentId: string) => Promise<Resolution>;
  /** When they get round to it: the demo's virtual time, so their delays never race the flows. */
  timers: Timers;
  now: () => Date;
  onAction?: (line: string) => void;
}

export class SimulatedOwners implements Mailer {
  readonly #acted = new Set<string>();
  readonly #pending = new Set<Promise<void>>();
  readonly #cancels = new Set<() => void>();

  constructor(private readonly o: SimulatedOwnersOptions) {}

  async send(email: Email): Promise<void> {
    await this.o.inner.send(email);
    for (const to of email.to) {
      const behaviour = this.o.behaviours[to];
      if (!behaviour) continue;
      const links = this.linksIn(email, to);
      const ack = links.get('acknowledge');
      const resolve = links.get('resolve');
      if (ack && behaviour.acknowledgeAfter !== undefined) this.later(to, behaviour.acknowledgeAfter, ack, 'acknowledge');
      if (resolve && behaviour.resolveAfter !== undefined) this.later(to, behaviour.resolveAfter, resolve, 'resolve');
    }
  }

  /** Waits for the clicks already under way (the demo's end). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
  }

  stop(): void {
    for (const cancel of this.#cancels) cancel();
    this.#cancels.clear();
  }

  private linksIn(email: Email, recipient: string): Map<LinkAction, { url: string; incidentId: string }> {
    const found = new Map<LinkAction, { url: string; incidentId: string }>();
    for (const match of email.text.matchAll(/https?:\/\/[^\s<>"]+[?&]t=[A-Za-z0-9._~%-]+/g)) {
      const url = match[0];
      try {
        const claims = this.o.signer.verify(new URL(url).searchParams.get('t') ?? '', this.o.now());
        if (claims.recipient === recipient && claims.action !== 'view') found.set(claims.action, { url, incidentId: claims.incidentId });
      } catch {
        // Not an action link for this person.
      }
    }
    return found;
  }

  private later(who: string, minutes: number, link: { url: string; incidentId: string }, action: LinkAction): void {
    // Each person acts once on an Incident: someone else paged after a reopening still answers.
    const key = `${who}:${link.incidentId}:${action}`;
    if (this.#acted.has(key)) return;
    this.#acted.add(key);
    const cancel = this.o.timers.after(minutes * 60_000, () => {
      this.#cancels.delete(cancel);
      // Busy from the moment the timer fires: time waits for the click and what it sets off.
      const done = this.o.timers.begin();
      const p = this.click(link, action)
        .catch((err: unknown) => this.o.onAction?.(`${action} link for ${link.incidentId} failed: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => {
          this.#pending.delete(p);
          done();
        });
      this.#pending.add(p);
    });
    this.#cancels.add(cancel);
  }

  private async click(link: { url: string; incidentId: string }, action: LinkAction): Promise<void> {
    const url = new URL(new URL(link.url).search, this.o.serverUrl);
    const page = await fetch(url);
    const html = await page.text();
    if (!page.ok) return this.o.onAction?.(`${action} link for ${link.incidentId} answered ${page.status}`);
    const form = new URLSearchParams();
    for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(m[0])?.[1];
      const value = /value="([^"]*)"/.exec(m[0])?.[1];
      if (name) form.append(name, he.decode(value ?? ''));
    }
    if (action === 'resolve') {
      const r = await this.o.resolutionFor(link.incidentId);
      for (const [k, v] of Object.entries(r)) if (typeof v === 'string') form.set(k, v);
      form.delete('item_text');
      form.delete('item_owner');
      form.delete('item_due');
      for (const item of r.items) {
        form.append('item_text', item.text);
        form.append('item_owner', item.owner);
        form.append('item_due', item.due);
      }
      form.set('rows', String(r.items.length));
    } else form.set('note', 'On it. Drafting the public reply now.');
    const done = await fetch(new URL(url.pathname, url), { method: 'POST', body: form });
    this.o.onAction?.(`${action}d ${link.incidentId} (HTTP ${done.status})`);
  }
}
