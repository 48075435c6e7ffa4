/**
 * The one display name of a theme, shared by the emails, the weekly report and the pages:
 * "Product defect" in a heading, "product defect" in a sentence. A brand's own label wins
 * where the config gives one (`themes: [{ id, label }]`); a theme nobody named reads as its id. The built-in labels (generic themes and industry
 * presets) live with the taxonomy in analysis/theme-presets.ts.
 */

import { BUILT_IN_LABELS as BUILT_IN } from './analysis/theme-presets.ts';

/** Where a brand's own theme labels live: its config entry. */
export interface ThemeLabelSource {
  id?: string;
  themes?: readonly { id: string; label?: string }[];
}

const fromId = (id: string): string => {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : id;
};

/** "Product defect": headings, tables, chart labels. */
export function themeLabel(theme: string, brand?: ThemeLabelSource): string {
  return brand?.themes?.find((t) => t.id === theme)?.label ?? BUILT_IN[theme] ?? fromId(theme);
}

/** "product defect": the same name inside a sentence (an acronym such as "SIM cards" stays as it is). */
export function themeInText(theme: string, brand?: ThemeLabelSource): string {
  const label = themeLabel(theme, brand);
  return /^\p{Lu}\p{Ll}/u.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}
