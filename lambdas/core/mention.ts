/** A post, comment or reply that mentions a brand, normalised across platforms. */

export const SOURCE_KINDS = [
  'rss', 'import', 'x', 'reddit', 'mastodon', 'bluesky', 'hackernews', 'facebook', 'linkedin',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export type SentimentLabel = 'POSITIVE' | 'NEGATIVE' | 'NEUTRAL' | 'MIXED';

export interface SentimentScores {
  positive: number;
  negative: number;
  neutral: number;
  mixed: number;
}

export interface Author {
  handle: string;
  displayName?: string;
  /** Followers, karma or subscribers: how many people the author reaches. */
  reach: number;
  /** True when the brand's own account wrote it. */
  isBrand: boolean;
}

export interface Engagement {
  likes: number;
  replies: number;
  reposts: number;
}

/** What a connector returns: a Mention before it is matched to a brand and analysed. */
export interface FetchedMention {
  sourceId: string;
  sourceKind: SourceKind;
  /** The platform's own id; with sourceId it makes the Mention id. */
  nativeId: string;
  url: string;
  author: Author;
  /** Plain text: HTML stripped, entities decoded. */
  text: string;
  language?: string;
  /** ISO 8601. */
  createdAt: string;
  engagement: Engagement;
  /** Native id of the post this one replies to, when the platform says. */
  inReplyTo?: string;
}

/** The result of analysing one text. */
export interface Analysis {
  sentiment: SentimentLabel;
  scores: SentimentScores;
  language?: string;
  /** A complaint about the brand's product or service, beyond a negative tone. */
  complaint: boolean;
  /** Named complaint signals found (for example "service-failure:on hold", "sarcastic-thanks"). */
  signals: string[];
  /** Legal, safety, security or discrimination terms that count in their context, as `category:term`. */
  risks: string[];
  /** Every risk term found, accepted or not, with the context rule that decided ("show the work"). */
  riskVerdicts?: { risk: string; accepted: boolean; rule: string }[];
  /** Complaint category, for grouping incidents (billing, outage, delivery, ...). */
  theme: string;
  analyzer: string;
  /** Set when the text was not scored ("language not supported locally"): it counts as a Mention, never as a negative. */
  unsupported?: string;
}

export interface Mention extends FetchedMention {
  /** `${sourceId}#${nativeId}` */
  id: string;
  /** The primary brand: the addressee, else the source's brand (see attributeBrands). */
  brand: string;
  /** Every configured brand the Mention is about, primary first (absent on Mentions stored before it existed). */
  brands?: string[];
  fetchedAt: string;
  /** Absent when analysis failed: the Mention is kept unscored and retried. */
  analysis?: Analysis;
  incidentId?: string;
  /** When the brand's own account first replied to it (ISO), if the platform shows replies. */
  repliedAt?: string;
  /**
   * The source's batch that last wrote it (BatchJournal.batch): a run finishing a dead run's batch
   * counts exactly the Mentions that batch wrote.
   */
  batch?: number;
}

export const mentionId = (sourceId: string, nativeId: string): string => `${sourceId}#${nativeId}`;

export const isNegative = (m: Pick<Mention, 'analysis'>): boolean =>
  m.analysis?.sentiment === 'NEGATIVE' || m.analysis?.complaint === true;
