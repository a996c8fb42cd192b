// Guests and restricted members (https://developers.notion.com/reference/get-users): a guest is a
// person invited to some pages, not a member: users.list leaves guests out but lists restricted
// members, a guest is retrieved by id, and a guest's token reaches only what was shared with them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalNotion } from '../../src/emulator/start.js';
import { call, closeEmulators, startEmulator } from '../helpers/emulator.js';

let ln: LocalNotion;
let shared: string;
let other: string;
let guest: string;
let restricted: string;

const page = async (title: string) =>
  (await call(ln, 'POST', '/v1/pages', { body: { parent: { page_id: ln.rootPageId }, properties: { title: [{ text: { content: title } }] } } })).body
    .id as string;

beforeAll(async () => {
  ln = await startEmulator({ listen: false });
  shared = await page('Shared with the guest');
  other = await page('Not shared');
  guest = await ln.createPerson({ name: 'Gus Guest', email: 'gus@example.com', guest: true, pages: [shared] });
  restricted = await ln.createPerson({ name: 'Rita Restricted', pages: [shared] });
});
afterAll(closeEmulators);

const listed = async (): Promise<string[]> => (await call(ln, 'GET', '/v1/users?page_size=100')).body.results.map((u: any) => u.id);

describe('guests', () => {
  it('are left out of users.list, which lists restricted members, and are retrieved by id', async () => {
    const ids = await listed();
    expect(ids).toContain(restricted);
    expect(ids).not.toContain(guest);
    const found = await call(ln, 'GET', `/v1/users/${guest}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ object: 'user', id: guest, type: 'person', name: 'Gus Guest', person: { email: 'gus@example.com' } });
  });

  it("a guest's token reaches only the pages shared with them", async () => {
    const { token } = await ln.createPersonalToken(guest);
    expect((await call(ln, 'GET', `/v1/pages/${shared}`, { token })).status).toBe(200);
    expect((await call(ln, 'GET', `/v1/pages/${other}`, { token })).status).toBe(404);
    expect((await call(ln, 'GET', `/v1/pages/${ln.rootPageId}`, { token })).status).toBe(404);
    const search = (await call(ln, 'POST', '/v1/search', { token, body: {} })).body.results.map((r: any) => r.id);
    expect(search).toEqual([shared]);
  });

  it('becomes a member, or a guest again, through the control API', async () => {
    const member = await call(ln, 'PUT', `/__localnotion/users/${guest}/pages`, { body: { pages: null } });
    expect(member.body).toMatchObject({ pages: null, guest: false });
    expect(await listed()).toContain(guest);
    const again = await call(ln, 'PUT', `/__localnotion/users/${guest}/pages`, { body: { pages: [shared], guest: true } });
    expect(again.body).toMatchObject({ pages: [shared], guest: true });
    expect(await listed()).not.toContain(guest);
    const refused = await call(ln, 'PUT', `/__localnotion/users/${guest}/pages`, { body: { pages: null, guest: true } });
    expect(refused.status).toBe(400);
  });
});
