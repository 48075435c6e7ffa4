/** Lambda entry of a Reddit source's fetch function: it bundles this connector only. */
import { createRedditSource } from '../../sources/reddit.ts';
import { fetchMentionsHandler } from '../fetch-mentions.ts';

export const handler = fetchMentionsHandler('reddit', createRedditSource);
