/** Lambda entry of a Facebook Page source's fetch function: it bundles this connector only. */
import { createFacebookSource } from '../../sources/facebook.ts';
import { fetchMentionsHandler } from '../fetch-mentions.ts';

export const handler = fetchMentionsHandler('facebook', createFacebookSource);
