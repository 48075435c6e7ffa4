/**
 * The resolver's notes (the resolve form's free-text answers), labelled once: the form asks them,
 * and the notice email, the incident page and the weekly report show them under the same names.
 */
import type { Resolution } from './incident.ts';

export type ResolverNoteField = keyof Pick<Resolution, 'rootCause' | 'trigger' | 'whatHelped' | 'wentWell' | 'wentBadly' | 'lucky'>;

/** In the order the form asks them. */
export const RESOLVER_NOTE_LABELS: Readonly<Record<ResolverNoteField, string>> = {
  rootCause: 'Root cause',
  trigger: 'Trigger',
  whatHelped: 'What helped',
  wentWell: 'What went well',
  wentBadly: 'What went badly',
  lucky: 'Where we were lucky',
};

/** The notes that were written, labelled, in the form's order. */
export function resolverNotes(notes: Partial<Record<ResolverNoteField, string>>): [label: string, text: string][] {
  return (Object.keys(RESOLVER_NOTE_LABELS) as ResolverNoteField[]).flatMap((field) => {
    const text = notes[field];
    return text ? [[RESOLVER_NOTE_LABELS[field], text] as [string, string]] : [];
  });
}
