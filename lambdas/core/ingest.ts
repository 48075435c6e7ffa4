/**
 * Ingest one source run: lease → fetch → match brand → dedup → analyse → record → detect → escalate.
 *
 * Primary course:
 *  1. Take the source's lease (one run per source at a time; a second run of the same event skips)
 *     and read its cursor, its unscored list and any batch a failed run left open; finish that batch.
 *  2. Fetch what is new since the cursor.
 *  3. Keep the items about the brand; cut or skip items past the size limits (never failing the
 *     batch for them); keep one of each id.
 *  4. Read which of them are stored already (with the originals of the brand's replies and the
 *     Mentions waiting to be scored) in batched reads.
 *  5. Analyse the new Mentions and the waiting ones; a failed analysis leaves a Mention unscored,
 *     retried on a later run.
 *  6. Store, count and detect in batches, each one recoverable step (record-batch.ts).
 *  7. Only then advance the cursor, in the write that closes the last batch and frees the source:
 *     a run that dies anywhere before loses nothing, and the next run counts nothing twice.
 */
import { reviewForBrand } from './analysis/combine.ts';
import { brandProfile } from './analysis/profile.ts';
import { detectAndEscalate } from './apply-detection.ts';
import { attributeBrands } from './brand-match.ts';
import type { Brand, Config, SourceConfig } from './config.ts';
import type { Incident } from './incident.ts';
import { fitMention } from './mention-limits.ts';
import { isRelevant } from './relevance.ts';
import { isNegative, mentionId, type FetchedMention, type Mention } from './mention.ts';
import type { Ports, Source, SourceRunState } from './ports.ts';
import { finishBatch, recordBatch, type BatchContent, type BatchTarget } from './record-batch.ts';

/** Points between the steps of a run, for tests that stop a run there (a crash, a slow step). */
export type IngestStep = 'leased' | 'fetched' | 'analysed' | 'journal-written' | 'mentions-stored' | 'counted' | 'detected' | 'closed';

export type IngestDeps = Pick<
  Ports,
  'clock' | 'mentions' | 'counters' | 'cursors' | 'incidents' | 'analyzer' | 'flows' | 'callbacks' | 'logger' | 'metrics'
> & {
  config: Config;
  /** When this run must be done (the Lambda's deadline): the source's lease lasts until then. */
  deadline?: Date;
  hooks?: { step(step: IngestStep): Promise<void> };
};

/** The most unscored Mentions carried to the next run; an outage of the analyser longer than that loses scores, not Mentions. */
const MAX_PENDING = 500;
/** Mentions per batch: its journal stays far below DynamoDB's 400 KB item. */
export const BATCH_SIZE = 500;
/** A run with no deadline (the CLI) holds its source this long. */
const DEFAULT_RUN_MS = 2 * 60_000;
/** A lease outlives its run's deadline by this much, so a run is never overtaken while it can still write. */
const LEASE_MARGIN_MS = 15_000;

export interface IngestSummary {
  sourceId: string;
  fetched: number;
  relevant: number;
  stored: number;
  duplicates: number;
  /** Items cut or skipped because of the size limits or an empty text. */
  cut: number;
  skipped: number;
  unscored: number;
  opened: Incident[];
  attached: number;
  /** True when the source stopped at its page bound and the next run continues. */
  more: boolean;
  /** True when another run of this source held it: this run did nothing. */
  busy?: boolean;
  mentions: Mention[];
}

export async function ingest(deps: IngestDeps, source: Source, sourceConfig: SourceConfig): Promise<IngestSummary> {
  const { clock, config, logger } = deps;
  const brand = config.brands.find((b) => b.id === sourceConfig.brand);
  if (!brand) throw new Error(`source ${sourceConfig.id} names unknown brand ${sourceConfig.brand}`);
  const now = clock.now();
  const until = new Date((deps.deadline?.getTime() ?? now.getTime() + DEFAULT_RUN_MS) + LEASE_MARGIN_MS);
  const state = await deps.cursors.lease(source.id, now.toISOString(), until.toISOString());
  if (!state) {
    logger.info('source run skipped: another run of this source is in progress', { source: source.id, brand: brand.id });
    deps.metrics.count('SourceBusy', 1, { source: source.id });
    return { ...emptySummary(source.id), busy: true };
  }
  await deps.hooks?.step('leased');
  const target: BatchTarget = { sourceId: source.id, run: state.run, brand };
  try {
    return await run(deps, source, sourceConfig, target, state);
  } catch (err) {
    // Frees the source for the next run; an open batch's journal stays for it to finish.
    await deps.cursors.release(source.id, state.run).catch((e: unknown) =>
      logger.warn('could not free the source after a failed run; its lease expires', { source: source.id, until: until.toISOString(), error: String(e) }),
    );
    throw err;
  }
}

async function run(deps: IngestDeps, source: Source, sourceConfig: SourceConfig, target: BatchTarget, state: SourceRunState): Promise<IngestSummary> {
  const { clock, logger, metrics } = deps;
  const brand = target.brand;
  let batch = state.batch;
  let unscored = state.unscored;
  const opened: Incident[] = [];
  let attached = 0;
  if (state.journal) {
    const done = await finishBatch(deps, target, state.journal);
    batch = state.journal.batch;
    unscored = nextUnscored(unscored, done);
    await deps.cursors.closeBatch(source.id, state.run, batch, unscored);
    opened.push(...done.opened);
    attached += done.attached;
  }

  const result = await source.fetch(state.cursor);
  await deps.hooks?.step('fetched');
  const dims = { source: source.id, brand: brand.id };
  for (const warning of result.warnings ?? []) logger.warn(`source: ${warning}; the cursor stays where it was`, dims);
  const now = clock.now().toISOString();
  const { candidates, cut, skipped } = prepare(deps, sourceConfig, result.mentions, brand, now);

  const originalIds = candidates.filter((m) => m.author.isBrand && m.inReplyTo).map((m) => mentionId(m.sourceId, m.inReplyTo!));
  const known = await deps.mentions.getMany([...new Set([...candidates.map((m) => m.id), ...originalIds, ...unscored])]);
  const fresh = candidates.filter((m) => !known.has(m.id));
  const pending = unscored.map((id) => known.get(id)).filter((m): m is Mention => m !== undefined && !m.analysis);

  await analyse(deps, fresh, pending);
  await deps.hooks?.step('analysed');
  const replied = markReplies(fresh, known);
  const batches = planBatches(fresh, pending.filter((m) => m.analysis), replied);

  // Batches until the last one; the last one closes in the write that advances the cursor.
  const waiting = new Set(pending.filter((m) => !m.analysis).map((m) => m.id));
  let carried = unscored.filter((id) => waiting.has(id));
  for (const [i, content] of (batches.length ? batches : [undefined]).entries()) {
    const last = i === Math.max(0, batches.length - 1);
    const outcome = content
      ? await recordBatch(deps, target, ++batch, content)
      : await detectAndEscalate(deps, brand, []);
    opened.push(...outcome.opened);
    attached += outcome.attached;
    if (content) carried = nextUnscored(carried, content);
    if (last) break;
    await deps.cursors.closeBatch(source.id, state.run, batch, carried);
    await deps.hooks?.step('closed');
  }
  await deps.cursors.release(source.id, state.run, { cursor: result.cursor, batch, unscored: carried });

  const unscoredNow = fresh.filter((m) => !m.analysis).length;
  metrics.count('MentionsFetched', result.mentions.length, dims);
  metrics.count('MentionsRecorded', fresh.length, dims);
  metrics.count('MentionsNegative', fresh.filter((m) => isNegative(m) && !m.author.isBrand).length, dims);
  if (unscoredNow) metrics.count('MentionsUnscored', unscoredNow, dims);
  if (opened.length) metrics.count('IncidentsOpened', opened.length, { brand: brand.id });
  logger.info('source run', { ...dims, fetched: result.mentions.length, stored: fresh.length, duplicates: candidates.length - fresh.length, opened: opened.map((i) => i.id) });

  return {
    sourceId: source.id,
    fetched: result.mentions.length,
    relevant: candidates.length,
    stored: fresh.length,
    duplicates: candidates.length - fresh.length,
    cut,
    skipped,
    unscored: unscoredNow,
    opened,
    attached,
    more: result.more ?? false,
    mentions: fresh,
  };
}

/** The brand's items, fit to the limits, one per id (a feed listing an item twice, pages shifting mid-walk). */
function prepare(deps: IngestDeps, sourceConfig: SourceConfig, fetched: FetchedMention[], brand: Brand, now: string) {
  const dims = { source: sourceConfig.id, brand: brand.id };
  const seen = new Set<string>();
  const candidates: Mention[] = [];
  let cut = 0;
  let skipped = 0;
  for (const item of fetched) {
    const fit = fitMention(item);
    const id = mentionId(item.sourceId, item.nativeId);
    if (!fit.ok) {
      skipped++;
      deps.logger.warn('item skipped', { ...dims, mentionId: id.slice(0, 200), reason: fit.reason, detail: fit.detail });
      deps.metrics.count('MentionsSkipped', 1, { ...dims, reason: fit.reason });
      continue;
    }
    if (!isRelevant(brand, sourceConfig.kind, fit.mention) || seen.has(id)) continue;
    seen.add(id);
    if (fit.cut.length) {
      cut++;
      deps.logger.warn('item cut to the size limits', { ...dims, mentionId: id, cut: fit.cut });
      deps.metrics.count('MentionsCut', 1, dims);
    }
    // It counts for every configured brand it is about; the source's brand even when not named.
    const brands = attributeBrands(deps.config.brands, fit.mention, brand).map((b) => b.id);
    candidates.push({ ...fit.mention, id, brand: brands[0] ?? brand.id, brands, fetchedAt: now });
  }
  return { candidates, cut, skipped };
}

/** Scores the new Mentions and the waiting ones in one call; a failure leaves a Mention unscored. */
async function analyse(deps: IngestDeps, fresh: Mention[], pending: Mention[]): Promise<void> {
  const toAnalyse = [...fresh, ...pending];
  if (!toAnalyse.length) return;
  const analyses = await deps.analyzer.analyze(toAnalyse.map((m) => ({ text: m.text, ...(m.language ? { language: m.language } : {}) })));
  // A negative reply to one of the brand's own posts is about that post: detection groups it so,
  // and the counters must say the same for its quiet period to be measured.
  const brandPosts = new Set(fresh.filter((m) => m.author.isBrand).map((m) => m.nativeId));
  toAnalyse.forEach((m, i) => {
    const primary = deps.config.brands.find((b) => b.id === m.brand);
    // The primary brand's own themes and risk rules.
    const analysis = analyses[i] && primary ? reviewForBrand(analyses[i], m.text, brandProfile(primary, deps.config.brands)) : analyses[i];
    if (!analysis) return;
    m.analysis = m.inReplyTo && brandPosts.has(m.inReplyTo) && isNegative({ analysis }) && !m.author.isBrand ? { ...analysis, theme: 'brand-post' } : analysis;
  });
}

/** The brand's first reply to each stored or new Mention: the original gets `repliedAt`. */
function markReplies(fresh: Mention[], known: Map<string, Mention>): Mention[] {
  const freshById = new Map(fresh.map((m) => [m.id, m]));
  const replied = new Map<string, Mention>();
  const replies = fresh.filter((m) => m.author.isBrand && m.inReplyTo).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const reply of replies) {
    const id = mentionId(reply.sourceId, reply.inReplyTo!);
    const original = freshById.get(id) ?? known.get(id);
    if (!original || original.repliedAt) continue;
    original.repliedAt = reply.createdAt;
    replied.set(id, original);
  }
  return [...replied.values()];
}

/** Splits the run's writes into batches of at most BATCH_SIZE Mentions; each Mention goes in one. */
function planBatches(fresh: Mention[], rescored: Mention[], replied: Mention[]): BatchContent[] {
  const roles = new Map<string, { m: Mention; stored?: true; rescored?: true; replied?: true }>();
  const add = (m: Mention, role: 'stored' | 'rescored' | 'replied') => {
    const entry = roles.get(m.id) ?? { m };
    entry[role] = true;
    roles.set(m.id, entry);
  };
  fresh.forEach((m) => add(m, 'stored'));
  rescored.forEach((m) => add(m, 'rescored'));
  replied.forEach((m) => add(m, 'replied'));
  const entries = [...roles.values()];
  const batches: BatchContent[] = [];
  for (let i = 0; i < entries.length; i += BATCH_SIZE) {
    const chunk = entries.slice(i, i + BATCH_SIZE);
    batches.push({
      stored: chunk.filter((e) => e.stored).map((e) => e.m),
      rescored: chunk.filter((e) => e.rescored).map((e) => e.m),
      replied: chunk.filter((e) => e.replied).map((e) => e.m),
    });
  }
  return batches;
}

/** The unscored list after a batch: the ones it scored leave, the ones it stored unscored join (newest kept). */
function nextUnscored(list: readonly string[], content: Pick<BatchContent, 'stored' | 'rescored'>): string[] {
  const scored = new Set(content.rescored.filter((m) => m.analysis).map((m) => m.id));
  const joined = content.stored.filter((m) => !m.analysis).map((m) => m.id);
  return [...list.filter((id) => !scored.has(id)), ...joined].slice(-MAX_PENDING);
}


const emptySummary = (sourceId: string): IngestSummary => ({
  sourceId, fetched: 0, relevant: 0, stored: 0, duplicates: 0, cut: 0, skipped: 0, unscored: 0, opened: [], attached: 0, more: false, mentions: [],
});
