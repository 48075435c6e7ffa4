/** Lambda entry of an RSS / Atom source's fetch function: it bundles this connector only. */
import { createRssSource } from '../../sources/rss.ts';
import { fetchMentionsHandler } from '../fetch-mentions.ts';

export const handler = fetchMentionsHandler('rss', createRssSource);
