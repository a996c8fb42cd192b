import { describe, expect, it } from 'vitest';
import { FaultRules } from './faults.js';

const target = (method: string, path: string, integrationName = 'bot') => ({ method, path, integrationId: 'id-1', integrationName });

describe('FaultRules', () => {
  it('matches method, path pattern and integration, and stops after `times`', () => {
    const rules = new FaultRules(() => 0);
    const rule = rules.add({ method: 'post', path: '/v1/pages', integration: 'bot', code: 'conflict_error', times: 2 });
    expect(rule.id).toBe('fault_1');
    expect(rules.take(target('GET', '/v1/pages'))).toBeUndefined();
    expect(rules.take(target('POST', '/v1/blocks'))).toBeUndefined();
    expect(rules.take(target('POST', '/v1/pages', 'other'))).toBeUndefined();
    expect(rules.take(target('POST', '/v1/pages'))?.hits).toBe(1);
    expect(rules.take(target('POST', '/v1/pages'))?.hits).toBe(2);
    expect(rules.take(target('POST', '/v1/pages'))).toBeUndefined();
    expect(rules.size).toBe(0);
  });

  it('matches `*` patterns over the whole path', () => {
    const rules = new FaultRules(() => 0);
    rules.add({ path: '/v1/pages/*/properties/*', latency_ms: 5 });
    expect(rules.take(target('GET', '/v1/pages/abc'))).toBeUndefined();
    expect(rules.take(target('GET', '/v1/pages/abc/properties/title'))?.latency_ms).toBe(5);
  });

  it('fires with its probability', () => {
    const draws = [0.9, 0.1];
    const rules = new FaultRules(() => draws.shift()!);
    rules.add({ code: 'internal_server_error', probability: 0.5 });
    expect(rules.take(target('GET', '/v1/users'))).toBeUndefined();
    expect(rules.take(target('GET', '/v1/users'))?.code).toBe('internal_server_error');
  });

  it('lists, removes and clears', () => {
    const rules = new FaultRules(Math.random);
    const a = rules.add({ code: 'internal_server_error' });
    rules.add({ latency_ms: 1 });
    expect(rules.list().map((r) => r.id)).toEqual([a.id, 'fault_2']);
    expect(rules.remove(a.id)).toBe(true);
    expect(rules.remove(a.id)).toBe(false);
    rules.clear();
    expect(rules.list()).toEqual([]);
  });
});
