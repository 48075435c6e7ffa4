import { describe, expect, it } from 'vitest';
import { RESOLVER_NOTE_LABELS, resolverNotes } from '../../lambdas/core/resolver-notes.ts';

describe('Function: resolverNotes', () => {
  it('labels the notes that were written, in the order the resolve form asks them, and leaves out the empty ones', () => {
    expect(resolverNotes({ lucky: 'It happened on a Sunday', rootCause: 'A bad release', wentWell: '', trigger: undefined })).toEqual([
      ['Root cause', 'A bad release'],
      ['Where we were lucky', 'It happened on a Sunday'],
    ]);
    expect(resolverNotes({})).toEqual([]);
    expect(Object.keys(RESOLVER_NOTE_LABELS)).toEqual(['rootCause', 'trigger', 'whatHelped', 'wentWell', 'wentBadly', 'lucky']);
  });
});
