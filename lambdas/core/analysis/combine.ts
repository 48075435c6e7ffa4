/**
 * Combines a general-purpose sentiment score with complaint signals, risk terms and theme
 * into the SentimentAnalyzer port's Analysis.
 */
import type { Analysis, SentimentLabel, SentimentScores } from '../mention.ts';
import { complaintSignals, complaintStrength, COMPLAINT_THRESHOLD, hasFamily, signedStrength, type Signal } from './complaint-signals.ts';
import { DEFAULT_PROFILE, type AnalysisProfile } from './profile.ts';
import { assessRisks, type RiskVerdict } from './risks.ts';
import { classifyTheme } from './themes.ts';
import { normalise } from './text.ts';

/** VADER's polarity scores: neg/neu/pos proportions and a compound in [-1, 1]. */
export interface VaderScores {
  neg: number;
  neu: number;
  pos: number;
  compound: number;
}

/** Everything the rules read from one text, independent of the sentiment model. */
export interface TextSignals {
  text: string;
  profile: AnalysisProfile;
  complaint: Signal[];
  /** Every risk term with its context verdict. */
  verdicts: RiskVerdict[];
  /** The accepted ones, as `category:term`. */
  risks: string[];
  theme: string;
  /** The text sets praise against a fault ("great phone but the battery dies"). */
  contrast: boolean;
}

export function readSignals(text: string, profile: AnalysisProfile = DEFAULT_PROFILE): TextSignals {
  return withVerdicts({
    text,
    profile,
    complaint: complaintSignals(text),
    verdicts: [],
    risks: [],
    theme: '',
    contrast: /\b(?:but|though|although|however|except|apart from|shame that|pity that)\b/.test(normalise(text)),
  }, assessRisks(text, profile.risk));
}

function withVerdicts(signals: TextSignals, verdicts: RiskVerdict[]): TextSignals {
  const risks = verdicts.filter((v) => v.accepted).map((v) => v.risk);
  return { ...signals, verdicts, risks, theme: classifyTheme(signals.text, risks, signals.profile.themes) };
}

/**
 * A risk term in praise with no complaint ("great talk on data breaches") is not a report of
 * harm. Safety is exempt: "found mould on the bread, best before next week" reads as praise to a lexicon.
 */
function rejectInPraise(signals: TextSignals, praise: boolean): TextSignals {
  const rejects = (v: RiskVerdict) => v.accepted && !v.risk.startsWith('safety:');
  if (!praise || !signals.verdicts.some(rejects)) return signals;
  return withVerdicts(signals, signals.verdicts.map((v) => (rejects(v) ? { ...v, accepted: false, rule: 'positive-post' } : v)));
}

/** A risk the customer reports in their own voice is a complaint; news of one is not. */
const voicedRisk = (signals: TextSignals, category?: string): boolean =>
  signals.verdicts.some((v) => v.accepted && v.voiced && (!category || v.risk.startsWith(`${category}:`)));

const shownVerdicts = (signals: TextSignals): Pick<Analysis, 'riskVerdicts'> =>
  signals.verdicts.length ? { riskVerdicts: signals.verdicts.map(({ risk, accepted, rule }) => ({ risk, accepted, rule })) } : {};

/**
 * The Analysis seen through a brand's profile: its own themes and risk rules (the analysers
 * read texts with the default profile). The sentiment and complaint signals stand.
 */
export function reviewForBrand(analysis: Analysis, text: string, profile: AnalysisProfile): Analysis {
  if (profile === DEFAULT_PROFILE || analysis.unsupported) return analysis;
  // Only the risks and the theme depend on the profile: the complaint signals are not read again.
  const base = withVerdicts({ text, profile, complaint: [], verdicts: [], risks: [], theme: '', contrast: false }, assessRisks(text, profile.risk));
  const signals = rejectInPraise(base, analysis.sentiment === 'POSITIVE' && !analysis.complaint);
  return {
    ...analysis,
    complaint: analysis.complaint || voicedRisk(signals),
    risks: signals.risks,
    ...shownVerdicts(signals),
    theme: signals.theme,
  };
}

/** VADER's conventional cut-offs for a positive / negative compound. */
const POLARITY = 0.05;
/** How far each unit of complaint weight below the threshold pushes the compound down. */
const WEAK_SIGNAL_PULL = 0.3;

/**
 * The lexicon analyser's Analysis. A complaint (summed signal weight >= 1) is NEGATIVE even
 * when the words are polite or sarcastic; it is MIXED only when strong praise is set against
 * it with a contrast and no sarcasm. Weaker signals nudge the compound score.
 */
export function combine(vader: VaderScores, read: TextSignals, analyzer = 'lexicon'): Analysis {
  const strength = complaintStrength(read.complaint);
  const signals = rejectInPraise(read, vader.compound >= 0.5 && strength === 0);
  // A customer raising a risk complains: always for safety (mould in the bread), else unless the text is praise.
  const complaint = strength >= COMPLAINT_THRESHOLD || voicedRisk(signals, 'safety') || (voicedRisk(signals) && vader.compound < 0.5);
  const sarcasm = hasFamily(signals.complaint, 'sarcastic-thanks') || hasFamily(signals.complaint, 'sarcastic-praise');
  let sentiment: SentimentLabel;
  if (complaint) {
    sentiment = vader.compound >= 0.5 && signals.contrast && !sarcasm ? 'MIXED' : 'NEGATIVE';
  } else {
    // A support agent's apology ("sorry to hear") is not the customer's negativity.
    const compound = hasFamily(signals.complaint, 'support-reply') ? Math.max(0, vader.compound) : vader.compound;
    const adjusted = compound - WEAK_SIGNAL_PULL * signedStrength(signals.complaint);
    if (adjusted <= -POLARITY) sentiment = 'NEGATIVE';
    else if (adjusted < POLARITY) sentiment = 'NEUTRAL';
    else sentiment = vader.pos >= 0.2 && vader.neg >= 0.2 ? 'MIXED' : 'POSITIVE';
  }
  return {
    sentiment,
    scores: scoresFor(vader, strength, sentiment),
    complaint,
    signals: signals.complaint.map((s) => s.name),
    risks: signals.risks,
    ...shownVerdicts(signals),
    theme: signals.theme,
    analyzer,
  };
}

/** A Comprehend-style label and scores from another model, with the rules added on top. */
export interface ModelSentiment {
  sentiment: SentimentLabel;
  scores: SentimentScores;
  language?: string;
}

/**
 * Overlays complaint signals on a model's own label: the model's label stands, except that
 * a complaint the model read as POSITIVE or NEUTRAL (polite or sarcastic) becomes NEGATIVE
 * when sarcasm or a strong complaint says so.
 */
export function overlay(model: ModelSentiment, read: TextSignals, analyzer: string, extraSignals: string[] = []): Analysis {
  const strength = complaintStrength(read.complaint);
  const signals = rejectInPraise(read, model.sentiment === 'POSITIVE' && strength === 0);
  const complaint = strength >= COMPLAINT_THRESHOLD || (model.sentiment === 'NEGATIVE' && strength > 0);
  const sarcasm = hasFamily(signals.complaint, 'sarcastic-thanks') || hasFamily(signals.complaint, 'sarcastic-praise');
  const sentiment: SentimentLabel =
    model.sentiment !== 'NEGATIVE' && (sarcasm && strength >= COMPLAINT_THRESHOLD || strength >= 2) ? 'NEGATIVE' : model.sentiment;
  return {
    sentiment,
    scores: model.scores,
    ...(model.language ? { language: model.language } : {}),
    complaint,
    signals: [...extraSignals, ...signals.complaint.map((s) => s.name)],
    risks: signals.risks,
    ...shownVerdicts(signals),
    theme: signals.theme,
    analyzer,
  };
}

/** Comprehend-shaped scores (sum 1) from VADER's proportions, shifted by the complaint weight. */
function scoresFor(vader: VaderScores, strength: number, label: SentimentLabel): SentimentScores {
  const shift = Math.min(0.8, 0.4 * strength);
  let negative = vader.neg + shift * (vader.pos + vader.neu);
  let positive = vader.pos * (1 - shift);
  let neutral = vader.neu * (1 - shift);
  let mixed = label === 'MIXED' ? Math.max(positive, negative) : Math.min(positive, negative) / 2;
  const total = negative + positive + neutral + mixed || 1;
  [negative, positive, neutral, mixed] = [negative / total, positive / total, neutral / total, mixed / total];
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { positive: round(positive), negative: round(negative), neutral: round(neutral), mixed: round(mixed) };
}
