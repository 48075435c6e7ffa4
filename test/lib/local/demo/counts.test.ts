import { describe, expect, it } from 'vitest';
import { describeCounts } from '../../../../lib/local/demo/run-demo.ts';

describe('Function: describeCounts', () => {
  it('says all were stored when the counts agree, and why not when they do not', () => {
    expect(describeCounts({ generated: 1334, fetched: 1334, notAboutBrand: 0, duplicates: 0, stored: 1334 })).toBe(
      '1,334 mentions stored (all 1,334 generated)',
    );
    expect(describeCounts({ generated: 1334, fetched: 1333, notAboutBrand: 2, duplicates: 0, stored: 1331 })).toBe(
      '1,331 of 1,334 generated mentions stored (1 never fetched, 2 not about the brand)',
    );
  });
});
