/** Lambda entry of a LinkedIn source's fetch function: it bundles this connector only. */
import { createLinkedInSource } from '../../sources/linkedin.ts';
import { fetchMentionsHandler } from '../fetch-mentions.ts';

export const handler = fetchMentionsHandler('linkedin', createLinkedInSource);
