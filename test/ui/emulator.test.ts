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
import { startReceiver } from '../helpers/webhook-receiver.js';
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

  it('creates a webhook subscription, verifies it, flushes, and shows a delivery with its answer', async () => {
    const receiver = await startReceiver();
    try {
      const page = await open('webhooks');
      await page.getByLabel('URL').fill(receiver.url);
      await page.getByLabel('Verification').selectOption('manual');
      await page.getByRole('button', { name: 'Create subscription' }).click();
      const card = page.getByRole('article', { name: `Subscription ${receiver.url}` });
      await expect.poll(() => card.textContent()).toContain('pending_verification');
      await page.getByRole('button', { name: 'Flush pending deliveries' }).click();
      await expect.poll(() => receiver.received.length).toBe(1);
      const token = receiver.received[0]!.json.verification_token as string;
      await card.getByLabel('Verify with token').fill(token);
      await card.getByRole('button', { name: 'Verify', exact: true }).click();
      await expect.poll(() => card.textContent()).toContain('active');

      await card.getByRole('button', { name: 'Show deliveries' }).click();
      const row = card.getByRole('row').filter({ hasText: 'verification' });
      await expect.poll(() => row.textContent()).toContain('200');
      await row.getByRole('button', { name: 'Payload and responses' }).click();
      await expect.poll(() => card.getByLabel('Delivery attempts').textContent()).toContain('200');
      await row.getByRole('button', { name: 'Redeliver' }).click();
      await page.getByRole('button', { name: 'Flush pending deliveries' }).click();
      await expect.poll(() => receiver.received.length).toBe(2);
      await page.close();
    } finally {
      await receiver.close();
    }
  });

  it('adds a fault rule the SDK then meets, deletes it, and switches the rate limiter on and off', async () => {
    const sdk = new Client({ auth: ln.token, baseUrl: ln.url, ...quiet });
    const page = await open('faults');
    await page.getByLabel('path').fill('/v1/users/me');
    await page.getByLabel('code').fill('service_unavailable');
    await page.getByLabel('status').fill('503');
    await page.getByRole('button', { name: 'Add rule' }).click();
    const remove = page.getByRole('button', { name: /^Delete rule / });
    await remove.waitFor();
    await expectApiError(sdk.users.me({}), APIErrorCode.ServiceUnavailable, 503);
    await remove.click();
    await expect.poll(() => page.getByText('No fault rules.').count()).toBe(1);
    expect((await sdk.users.me({})).object).toBe('user');

    await page.getByRole('link', { name: 'Rate limiter' }).click();
    await page.getByLabel('Enabled').check();
    await page.getByLabel('Model').selectOption('bucket');
    await page.getByLabel('burst', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => ln.emulator.rateLimiter.get()).toMatchObject({ enabled: true, model: 'bucket', burst: 2 });
    await page.getByLabel('Enabled').uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => ln.emulator.rateLimiter.get().enabled).toBe(false);
    await page.close();
  });

  it('has no serious or critical axe-core violations on any screen', async () => {
    for (const panel of PANELS) {
      const page = await open(panel);
      // The screen's first data is in (the request log's stream never lets the network idle).
      await page.waitForFunction("document.querySelector('.emulator-main').textContent.length > 40");
      // Legacy mode runs axe in the page itself: the screens have no frames, and the default mode
      // opens a blank page per analysis for what frames would need.
      const result = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
      const grave = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        grave.map((v) => `${panel}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        panel,
      ).toEqual([]);
      await page.close();
    }
  }, 180_000);

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
