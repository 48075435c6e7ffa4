/** Lambda entry of a Mastodon source's fetch function: it bundles this connector only. */
import { createMastodonSource } from '../../sources/mastodon.ts';
import { fetchMentionsHandler } from '../fetch-mentions.ts';

export const handler = fetchMentionsHandler('mastodon', createMastodonSource);
