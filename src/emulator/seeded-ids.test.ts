import { describe, expect, it } from 'vitest';
import { seededIds } from './seeded-ids.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('seededIds', () => {
  it('gives the same ids and tokens for the same seed, others for another', () => {
    const a = seededIds('x');
    const b = seededIds('x');
    const c = seededIds('y');
    const seqA = [a.uuid(), a.token(), a.uuid()];
    expect([b.uuid(), b.token(), b.uuid()]).toEqual(seqA);
    expect(c.uuid()).not.toBe(seqA[0]);
  });

  it('makes UUIDv4-form ids and ntn_ tokens', () => {
    const ids = seededIds(42);
    for (let i = 0; i < 50; i++) expect(ids.uuid()).toMatch(UUID_V4);
    expect(ids.token()).toMatch(/^ntn_[A-Za-z0-9_-]{32}$/);
  });

  it('replays from a saved state', () => {
    const ids = seededIds('s');
    ids.uuid();
    const state = ids.state();
    const next = [ids.uuid(), ids.uuid()];
    ids.setState(state);
    expect([ids.uuid(), ids.uuid()]).toEqual(next);
  });
});
