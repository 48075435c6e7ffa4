/**
 * One analysed Mention as a line of `replay --mentions`: what the analysis read and why, so a
 * user can check it against their own judgement.
 */
import type { Config } from '../../lambdas/core/config.ts';
import { isNegative, type Mention } from '../../lambdas/core/mention.ts';
import { themeLabel } from '../../lambdas/core/theme-label.ts';

export function mentionRecord(m: Mention, config: Pick<Config, 'brands'>): Record<string, unknown> {
  const a = m.analysis;
  const primary = config.brands.find((b) => b.id === (m.brands?.[0] ?? m.brand));
  return {
    id: m.nativeId,
    createdAt: m.createdAt,
    author: m.author.handle,
    text: m.text,
    brands: m.brands ?? [m.brand],
    language: a?.language ?? m.language ?? null,
    ...(a?.unsupported ? { unsupported: a.unsupported } : {}),
    sentiment: a?.sentiment ?? null,
    negative: isNegative(m),
    complaint: a?.complaint ?? false,
    signals: a?.signals ?? [],
    risks: (a?.riskVerdicts ?? a?.risks.map((risk) => ({ risk, accepted: true, rule: 'accepted' })) ?? []),
    theme: a?.theme ?? null,
    themeLabel: a ? themeLabel(a.theme, primary) : null,
    analyzer: a?.analyzer ?? null,
  };
}
