// startLocalNotion's helpers for tokens, driven through the official SDK: people and restricted
// members, personal access tokens, more workspaces, and an OAuth grant in one call.
import { APIResponseError, Client } from '@notionhq/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalNotion } from '../../src/index.js';
import { closeEmulators, startEmulator } from '../helpers/emulator.js';
import { caught, text } from '../helpers/sdk.js';

let ln: LocalNotion;
let shared: string;
let other: string;

const client = (auth: string) => new Client(ln.clientOptions({ auth }));
const searchIds = async (notion: Client) => (await notion.search({})).results.map((r) => r.id);

beforeAll(async () => {
  ln = await startEmulator({ listen: false });
  const owner = new Client(ln.clientOptions());
  shared = (await owner.pages.create({ parent: { page_id: ln.rootPageId }, properties: { title: { title: text('Shared') } } })).id;
  other = (await owner.pages.create({ parent: { page_id: ln.rootPageId }, properties: { title: { title: text('Other') } } })).id;
});
afterAll(closeEmulators);

describe('token helpers of startLocalNotion', () => {
  it('makes a person and a personal access token that acts as them', async () => {
    const ada = await ln.createPerson({ name: 'Ada', email: 'ada@example.com' });
    const pat = await ln.createPersonalToken(ada, { name: 'Ada script' });
    expect(pat).toMatchObject({ user_id: ada, name: 'Ada script', workspace_id: ln.workspaceId });
    const notion = client(pat.token);
    // A member sees the workspace's pages without their being shared.
    expect(await searchIds(notion)).toEqual(expect.arrayContaining([ln.rootPageId, shared, other]));
    expect((await notion.users.me({})).id).toBe(pat.bot_id);
  });

  it('makes a restricted member who sees only the pages given', async () => {
    const bob = await ln.createPerson({ name: 'Bob', pages: [shared] });
    const notion = client((await ln.createPersonalToken(bob)).token);
    expect((await notion.pages.retrieve({ page_id: shared })).id).toBe(shared);
    const error = await caught(notion.pages.retrieve({ page_id: other }));
    expect(error).toBeInstanceOf(APIResponseError);
    expect((error as APIResponseError).code).toBe('object_not_found');
  });

  it('makes another workspace whose integration sees only its own pages', async () => {
    const acme = await ln.createWorkspace({ name: 'Acme', icon: '🚀' });
    expect(acme.workspaceId).not.toBe(ln.workspaceId);
    const notion = client(acme.token);
    expect((await notion.pages.retrieve({ page_id: acme.rootPageId })).id).toBe(acme.rootPageId);
    expect(await searchIds(notion)).not.toContain(shared);
    expect(((await caught(notion.pages.retrieve({ page_id: shared }))) as APIResponseError).code).toBe('object_not_found');
  });

  it('authorizes a public integration in one call: an access token for the pages chosen, seen by introspection', async () => {
    const app = await ln.createPublicIntegration({ name: 'Planner', redirect_uris: ['https://planner.example/callback'] });
    // The consent page offers the workspace's top-level pages; the first workspace has one.
    const grant = await ln.authorize({ clientId: app.client_id, pages: [ln.rootPageId] });
    expect(grant).toMatchObject({ token_type: 'bearer', workspace_id: ln.workspaceId, owner: { type: 'user', user: { id: ln.id('owner') } } });
    const notion = client(grant.access_token);
    expect((await searchIds(notion)).sort()).toEqual([ln.rootPageId, shared, other].sort());
    const acme = await ln.createWorkspace({ name: 'Elsewhere' });
    expect(await searchIds(notion)).not.toContain(acme.rootPageId);
    expect((await notion.users.me({})).id).toBe(grant.bot_id);
    const oauth = new Client(ln.clientOptions());
    const seen = await oauth.oauth.introspect({ client_id: app.client_id, client_secret: app.client_secret, token: grant.access_token });
    expect(seen.active).toBe(true);
    // A redirect URI it does not have is refused as the consent page refuses it.
    await expect(ln.authorize({ clientId: app.client_id, redirectUri: 'https://evil.example/' })).rejects.toThrow('Missing or invalid redirect_uri.');
  });
});
