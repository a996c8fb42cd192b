import { describe, expect, it } from 'vitest';
import { timeOrderedIds } from './ids.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedIds', () => {
  it('makes ids in the UUIDv4 format that sort in the order they were made', () => {
    let now = 1_790_000_000_000;
    const ids = timeOrderedIds(() => now);
    const made: string[] = [];
    for (let i = 0; i < 5000; i++) {
      if (i % 1000 === 0) now += 1;
      made.push(ids.uuid());
    }
    for (const id of made) expect(id).toMatch(UUID_V4);
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
  });

  it('draws fresh random bits for every id, across refills of its pool', () => {
    const ids = timeOrderedIds(() => 1_790_000_000_000);
    const tails = Array.from({ length: 2000 }, () => ids.uuid().slice(19));
    expect(new Set(tails).size).toBe(tails.length);
  });

  it('keeps order when the clock goes back', () => {
    let now = 1_790_000_000_500;
    const ids = timeOrderedIds(() => now);
    const a = ids.uuid();
    now -= 400;
    const b = ids.uuid();
    expect(b > a).toBe(true);
  });

  it('makes ntn_ tokens', () => {
    expect(timeOrderedIds().token()).toMatch(/^ntn_[A-Za-z0-9_-]{32}$/);
  });
});
