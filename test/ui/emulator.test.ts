// The web UI's emulator screens in a real browser: an integration created and a page shared with
// it, then read with its token through the SDK; the request log showing an SDK request live;
// axe-core on every screen; the screens used from the keyboard. The browser talks to a server
// listening on 127.0.0.1, so this runs once, on SQLite: the screens are the same on any store.
import { AxeBuilder } from '@axe-core/playwright';
import { APIErrorCode, Client, LogLevel } from '@notionhq/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalNotion } from '../../src/emulator/start.js';
import { launchBrowser } from '../helpers/browser.js';
import { closeEmulators, startEmulator } from '../helpers/emulator.js';
import { expectApiError } from '../helpers/sdk.js';
import { TEST_ENGINE } from '../helpers/store.js';

const quiet = { logLevel: LogLevel.ERROR, logger: () => {} };
const PANELS = ['requests', 'integrations', 'clock', 'faults', 'rate-limit', 'snapshots', 'webhooks', 'uploads'];

let ln: LocalNotion;
let browser: Browser;

describe.skipIf(TEST_ENGINE === 'postgres')('the emulator screens (one browser run, on SQLite: the UI does not depend on the store)', () => {
  beforeAll(async () => {
    ln = await startEmulator({
      seed: {
        pages: [
          { key: 'roadmap', title: 'Roadmap' },
          { key: 'secrets', title: 'Secrets' },
        ],
      },
    });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await closeEmulators();
  });

  const open = async (panel: string): Promise<Page> => {
    // AxeBuilder wants a page of a context of its own.
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${ln.url}/ui/#/emulator/${panel}`);
    await page.locator('.emulator-main h1').waitFor();
    return page;
  };

  it('creates an integration, shares a page with it, and the SDK reads the page with its token', async () => {
    const page = await open('integrations');
    await page.getByLabel('Name').fill('Sync bot');
    await page.getByRole('button', { name: 'Create integration' }).click();
    const card = page.getByRole('article', { name: 'Integration Sync bot' });
    await card.getByPlaceholder('Search pages').fill('Roadmap');
    await card.getByRole('button', { name: 'Search', exact: true }).click();
    await card.getByRole('button', { name: 'Share Roadmap' }).click();
    await card.getByRole('button', { name: 'Unshare Roadmap' }).waitFor();
    await card.getByRole('button', { name: 'Reveal' }).first().click();
    const token = (await card.getByLabel('Token of Sync bot').textContent())!;
    expect(token).toMatch(/^ntn_/);
    await page.close();

    const sdk = new Client({ auth: token, baseUrl: ln.url, ...quiet });
    const roadmap = await sdk.pages.retrieve({ page_id: ln.id('roadmap') });
    expect(roadmap.id).toBe(ln.id('roadmap'));
    await expectApiError(sdk.pages.retrieve({ page_id: ln.id('secrets') }), APIErrorCode.ObjectNotFound, 404);
  });

  it('shows a request made by the SDK live, with its bodies on click', async () => {
    const page = await open('requests');
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    const sdk = new Client({ auth: ln.token, baseUrl: ln.url, ...quiet });
    const me = await sdk.users.me({});
    await sdk.search({ query: 'Roadmap' });
    const row = page.getByRole('row').filter({ hasText: '/v1/users/me' });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain('200');
    await row.getByRole('button', { name: '/v1/users/me' }).click();
    const detail = page.getByRole('complementary', { name: 'Request details' });
    await expect.poll(() => detail.getByLabel('Response body').textContent()).toContain(me.id);
    // Newest first: the search came after.
    await expect.poll(() => page.locator('table.log tbody tr').first().textContent()).toContain('/v1/search');
    if (process.env.LOCALNOTION_UPDATE_SCREENSHOTS === '1') {
      await page.setViewportSize({ width: 1280, height: 640 });
      await page.screenshot({ path: 'docs/images/ui-request-log.png' });
    }
    // Filters narrow what is shown.
    await sdk.pages.retrieve({ page_id: '00000000-0000-4000-8000-000000000000' }).catch(() => undefined);
    await page.locator('table.log tbody tr').filter({ hasText: '/v1/pages/00000000' }).waitFor();
    await page.getByLabel('Status').selectOption('4xx');
    await expect.poll(() => page.locator('table.log tbody tr td:nth-child(4)').allTextContents()).toEqual(expect.arrayContaining(['404']));
    expect((await page.locator('table.log tbody tr td:nth-child(4)').allTextContents()).every((status) => status.startsWith('4'))).toBe(true);
    await page.close();
  });

  it('takes a snapshot, resets and restores, and keeps working once a reset removed its own token', async () => {
    const sdk = new Client({ auth: ln.token, baseUrl: ln.url, ...quiet });
    const draft = await sdk.pages.create({ parent: { page_id: ln.id('roadmap') }, properties: { title: { title: [{ text: { content: 'Draft' } }] } } });
    // The integrations screen reads /v1 as the owner: the UI holds its personal access token now.
    const page = await open('integrations');
    await page.getByRole('article', { name: 'Integration localnotion' }).waitFor();
    await page.getByRole('link', { name: 'Snapshots' }).click();
    await page.getByLabel('Name (optional)').fill('with-draft');
    await page.getByRole('button', { name: 'Take snapshot' }).click();
    await page.getByRole('button', { name: 'Restore with-draft' }).waitFor();
    await page.getByRole('button', { name: 'Reset the workspace…' }).click();
    await page.getByRole('button', { name: 'Reset now' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Reset done.');
    await expectApiError(sdk.pages.retrieve({ page_id: draft.id }), APIErrorCode.ObjectNotFound, 404);

    // The reset removed the UI's own personal access token: its next /v1 call gets a new one.
    await page.getByRole('link', { name: 'Integrations' }).click();
    const card = page.getByRole('article', { name: 'Integration localnotion' });
    await card.getByPlaceholder('Search pages').fill('Roadmap');
    await card.getByRole('button', { name: 'Search', exact: true }).click();
    await card.getByRole('button', { name: 'Share Roadmap', exact: true }).waitFor();
    await expect.poll(() => page.locator('.status').first().textContent()).toBe('');

    await page.getByRole('link', { name: 'Snapshots' }).click();
    await page.getByRole('button', { name: 'Restore with-draft' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Restored with-draft.');
    expect((await sdk.pages.retrieve({ page_id: draft.id })).id).toBe(draft.id);
    await page.close();
  });

  it('has no serious or critical axe-core violations on any screen', async () => {
    for (const panel of PANELS) {
      const page = await open(panel);
      // The screen's first data is in (the request log's stream never lets the network idle).
      await page.waitForFunction("document.querySelector('.emulator-main').textContent.length > 40");
      const result = await new AxeBuilder({ page }).analyze();
      const grave = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        grave.map((v) => `${panel}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        panel,
      ).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it('is used from the keyboard: the screens from the navigation, a request opened with Enter', async () => {
    const page = await open('requests');
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await new Client({ auth: ln.token, baseUrl: ln.url, ...quiet }).users.list({});
    const path = page.getByRole('button', { name: '/v1/users', exact: true }).first();
    await path.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('complementary', { name: 'Request details' }).waitFor();

    const clock = page.getByRole('navigation', { name: 'Emulator' }).getByRole('link', { name: 'Clock' });
    await clock.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Clock', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Freeze', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText(/, frozen/).count()).toBe(1);
    expect(ln.emulator.clock.frozen).toBe(true);
    await page.getByRole('button', { name: 'Unfreeze' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByText(/, running/).count()).toBe(1);
    await page.close();
  });
});
