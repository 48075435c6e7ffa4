/** Lambda entry of an X source's fetch function: it bundles this connector only. */
import { createXSource } from '../../sources/x.ts';
import { fetchMentionsHandler } from '../fetch-mentions.ts';

export const handler = fetchMentionsHandler('x', createXSource);
