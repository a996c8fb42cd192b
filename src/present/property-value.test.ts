import { describe, expect, it } from 'vitest';
import type { PropertySchema } from '../properties/schema.js';
import { ALL_CAPABILITIES, type Actor } from '../services/access.js';
import type { BlockRow, UserRow } from '../store/schema.js';
import { presentPropertyValue, propertyValue } from './property-value.js';

const actor: Actor = {
  integrationId: 'i',
  integrationName: 'Test',
  kind: 'internal',
  botId: 'bot',
  ownerUserId: null,
  workspaceId: 'w',
  workspaceName: 'W',
  capabilities: { ...ALL_CAPABILITIES, user_information: 'with_email' },
  reach: ['i', 'i'],
};
const viewer = { actor, version: '2025-09-03' as const };
const ada: UserRow = {
  id: 'ada',
  workspace_id: 'w',
  type: 'person',
  name: 'Ada',
  avatar_url: null,
  email: 'ada@example.com',
  created_time: '2026-01-01T00:00:00.000Z',
};
const users = new Map([[ada.id, ada]]);
const page = { created_by: 'ada', last_edited_by: 'gone', created_time: '2026-01-01T10:11:12.345Z', last_edited_time: '2026-01-01T10:11:12.345Z' } as BlockRow;
const property = (type: string, id = 'p%1'): PropertySchema => ({ id, name: type, type, config: {} }) as unknown as PropertySchema;
const fullAda = { object: 'user', id: 'ada', name: 'Ada', avatar_url: null, type: 'person', person: { email: 'ada@example.com' } };

describe('property values: the domain names people by reference, present/ shows them', () => {
  it('leaves people as references until presented, then shows those it knows in full', () => {
    const value = propertyValue(property('people'), ['ada', 'gone'], page, undefined);
    expect(value).toEqual({
      id: 'p%251',
      type: 'people',
      people: [
        { object: 'user', id: 'ada' },
        { object: 'user', id: 'gone' },
      ],
    });
    expect(presentPropertyValue(value, users, viewer).people).toEqual([fullAda, { object: 'user', id: 'gone' }]);
  });

  it('shows the creator in full and an unknown editor by id', () => {
    expect(presentPropertyValue(propertyValue(property('created_by'), undefined, page, undefined), users, viewer).created_by).toEqual(fullAda);
    expect(presentPropertyValue(propertyValue(property('last_edited_by'), undefined, page, undefined), users, viewer).last_edited_by).toEqual({
      object: 'user',
      id: 'gone',
    });
  });

  it('shows the user a text mentions and the user who verified a page', () => {
    const mention = { type: 'mention', mention: { type: 'user', user: { object: 'user', id: 'ada' } }, plain_text: '@Ada', href: null, annotations: {} };
    const text = presentPropertyValue(propertyValue(property('rich_text'), [mention], page, undefined), users, viewer);
    expect((text.rich_text as Array<{ mention: { user: unknown } }>)[0]!.mention.user).toEqual(fullAda);
    const stored = { state: 'verified', verified_by: 'ada', date: null };
    const verification = presentPropertyValue(propertyValue(property('verification'), stored, page, undefined), users, viewer);
    expect(verification.verification).toEqual({ state: 'verified', verified_by: fullAda, date: null });
  });

  it('keeps at most `limit` items of an array value and says when a relation has more', () => {
    const value = propertyValue(property('relation'), ['a', 'b', 'c'], page, undefined, 2);
    expect(value).toEqual({ id: 'p%251', type: 'relation', relation: [{ id: 'a' }, { id: 'b' }], has_more: true });
  });
});
