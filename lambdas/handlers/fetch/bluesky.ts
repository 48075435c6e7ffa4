/** Lambda entry of a Bluesky source's fetch function: it bundles this connector only. */
import { createBlueskySource } from '../../sources/bluesky.ts';
import { fetchMentionsHandler } from '../fetch-mentions.ts';

export const handler = fetchMentionsHandler('bluesky', createBlueskySource);
