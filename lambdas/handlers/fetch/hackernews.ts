/** Lambda entry of a Hacker News source's fetch function: it bundles this connector only. */
import { createHackerNewsSource } from '../../sources/hackernews.ts';
import { fetchMentionsHandler } from '../fetch-mentions.ts';

export const handler = fetchMentionsHandler('hackernews', createHackerNewsSource);
