/**
 * Whether an alert was worth its page: the resolver says real, false alarm (with why) or a
 * duplicate of another Incident, so the weekly report can tell how much of the paging is noise
 * and which detection setting makes it.
 */

export const ALERT_VERDICTS = ['real', 'false-alarm', 'duplicate'] as const;
export type AlertVerdict = (typeof ALERT_VERDICTS)[number];

/** Why a false alarm was one. */
export const FALSE_ALARM_REASONS = ['figure-of-speech', 'not-about-us', 'spam-or-bots', 'already-known'] as const;
export type FalseAlarmReason = (typeof FALSE_ALARM_REASONS)[number];

export type AlertClassification =
  | { verdict: 'real' }
  | { verdict: 'false-alarm'; why: FalseAlarmReason }
  /** `of`: the id of the Incident it repeats. */
  | { verdict: 'duplicate'; of: string };

export const VERDICT_LABELS: Readonly<Record<AlertVerdict, string>> = {
  real: 'Real: it needed someone',
  'false-alarm': 'A false alarm',
  duplicate: 'A duplicate of another incident',
};

/** "spam or a bot campaign": reads inside a sentence. */
export const FALSE_ALARM_LABELS: Readonly<Record<FalseAlarmReason, string>> = {
  'figure-of-speech': 'a figure of speech',
  'not-about-us': 'not about us',
  'spam-or-bots': 'spam or a bot campaign',
  'already-known': 'already known',
};

/** What each reason means, for the form's hints. */
export const FALSE_ALARM_HINTS: Readonly<Record<FalseAlarmReason, string>> = {
  'figure-of-speech': '"this phone is fire", "killing it": the words read as a complaint and were not one',
  'not-about-us': 'another company, product or person with a similar name',
  'spam-or-bots': 'copy-pasted posts, new accounts, the same text many times',
  'already-known': 'a problem we were already handling or had announced',
};

export const isVerdict = (s: string | undefined): s is AlertVerdict => (ALERT_VERDICTS as readonly string[]).includes(s ?? '');
export const isFalseAlarmReason = (s: string | undefined): s is FalseAlarmReason => (FALSE_ALARM_REASONS as readonly string[]).includes(s ?? '');

/** "Real", "False alarm: spam or a bot campaign", "Duplicate of inc-…". */
export function verdictText(a: AlertClassification): string {
  switch (a.verdict) {
    case 'real':
      return 'Real';
    case 'false-alarm':
      return `False alarm: ${FALSE_ALARM_LABELS[a.why]}`;
    case 'duplicate':
      return `Duplicate of ${a.of}`;
  }
}
