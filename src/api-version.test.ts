import { describe, expect, it } from 'vitest';
import * as versions from './api-version.js';
import { ACCEPTED_VERSIONS, behaviourOf, isNewerUnknownVersion, NEWEST_VERSION, SERVED_VERSIONS } from './api-version.js';

describe('Notion-Version values', () => {
  it('maps every accepted value onto a served behaviour; the old ones onto 2022-06-28', () => {
    expect(ACCEPTED_VERSIONS.map(behaviourOf)).toEqual([
      '2022-06-28',
      '2022-06-28',
      '2022-06-28',
      '2022-06-28',
      '2022-06-28',
      '2025-09-03',
      '2026-03-11',
      '2026-12-01',
    ]);
    expect(NEWEST_VERSION).toBe('2026-12-01');
  });

  it('knows a newer unknown version only as a real date after the newest', () => {
    expect(['2026-12-02', '2027-06-15', '2099-01-01'].map(isNewerUnknownVersion)).toEqual([true, true, true]);
    expect(['2026-12-01', '2026-11-30', '2024-01-01', '2027-02-30', '2027-1-01', 'banana', '', '2027-06-15T00:00:00Z'].map(isNewerUnknownVersion)).toEqual(
      Array(8).fill(false),
    );
  });

  // archivedLast is the one combination of two changes: the alias moved last in 2025-09-03 and went in 2026-03-11.
  const COMBINED = new Set(['behaviourOf', 'pageListTypeOf', 'archivedLast']);

  it('changes each behaviour once: every predicate is false up to a version and true from it, or the reverse', () => {
    const predicates = Object.entries(versions).filter(
      (entry): entry is [string, (v: versions.ApiVersion) => boolean] =>
        typeof entry[1] === 'function' && entry[1].length === 1 && !entry[0].startsWith('is') && !COMBINED.has(entry[0]),
    );
    expect(predicates.length).toBeGreaterThan(10);
    for (const [name, predicate] of predicates) {
      const values = SERVED_VERSIONS.map((v) => predicate(v));
      const changes = values.slice(1).filter((value, i) => value !== values[i]).length;
      expect(changes, `${name}: ${values.join(', ')}`).toBeLessThanOrEqual(1);
    }
  });
});
