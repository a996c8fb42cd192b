import { describe, expect, it } from 'vitest';
import { ControllableClock } from './clock.js';

describe('ControllableClock', () => {
  let system = 1_000_000;
  const clock = () => new ControllableClock(() => system);

  it('follows the system time until told otherwise', () => {
    const c = clock();
    expect(c.now().getTime()).toBe(system);
    system += 5;
    expect(c.now().getTime()).toBe(system);
  });

  it('freezes, is set and advanced while frozen, and runs on from there when unfrozen', () => {
    const c = clock();
    c.freeze(new Date('2024-03-01T10:00:00Z'));
    system += 1000;
    expect(c.now().toISOString()).toBe('2024-03-01T10:00:00.000Z');
    c.advance(90_000);
    expect(c.now().toISOString()).toBe('2024-03-01T10:01:30.000Z');
    c.set(new Date('2030-01-01T00:00:00Z'));
    expect(c.now().toISOString()).toBe('2030-01-01T00:00:00.000Z');
    c.unfreeze();
    system += 2000;
    expect(c.now().toISOString()).toBe('2030-01-01T00:00:02.000Z');
    expect(c.frozen).toBe(false);
  });

  it('shifts a running clock when set or advanced, and goes back to system time on request', () => {
    const c = clock();
    c.set(new Date(system + 60_000));
    expect(c.now().getTime()).toBe(system + 60_000);
    c.advance(1000);
    expect(c.now().getTime()).toBe(system + 61_000);
    c.useSystemTime();
    expect(c.now().getTime()).toBe(system);
  });

  it('saves and restores its state', () => {
    const c = clock();
    c.freeze(new Date('2024-01-01T00:00:00Z'));
    const state = c.state();
    c.advance(5000);
    c.setState(state);
    expect(c.now().toISOString()).toBe('2024-01-01T00:00:00.000Z');
  });
});
