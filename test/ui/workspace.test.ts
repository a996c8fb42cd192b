// The web UI's workspace in a real browser (Debian's Chromium through playwright-core), against a
// server listening on loopback: the printed URL, the page tree, a page with every block type
// compared with a reviewed screenshot, edits read back through @notionhq/client with the owner
// as last_edited_by, a table filtered and sorted, keyboard use and axe-core's audit.
// They test the UI, not the store: the PostgreSQL run leaves them out.
import { AxeBuilder } from '@axe-core/playwright';
import { Client, LogLevel } from '@notionhq/client';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalNotion } from '../../src/emulator/start.js';
import { launchBrowser } from '../helpers/browser.js';
import { closeEmulators, startEmulator } from '../helpers/emulator.js';
import { decodePng, diffPixels, encodePng } from '../helpers/png.js';
import { fullPage, plain } from '../helpers/sdk.js';
import { everyBlockPage, taskRow, uiFixture } from '../helpers/ui-content.js';

const onPostgres = process.env.LOCALNOTION_TEST_STORE === 'postgres';
const BASELINE = new URL('./baselines/every-block.png', import.meta.url).pathname;
/** Pixels that may differ from the baseline (anti-aliasing), of about 1.5 million. */
const TOLERANCE = 2_000;
const ROWS = 30;
/** axe-core's audit of a whole screen takes a while on a small machine. */
const AXE_TIMEOUT = 120_000;

let ln: LocalNotion;
let browser: Browser;
let sdk: Client;
let everyBlockId: string;

let owner: string;

async function open(route: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  // A context of its own, which axe-core's builder needs.
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('close', () => void context.close().catch(() => {}));
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(`${ln.url}/ui/${route}`);
  return page;
}

/** The axe-core violations that count: serious and critical ones. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * The UI's edits are the owner's: its token writes as the person, so they name the person as
 * last_edited_by (docs/decisions.md, "Web UI: workspace"); never a bot.
 */
function expectOwnersEdit(editor: { id: string }): void {
  expect(editor.id).toBe(owner);
}

/** The attribute `name` of the focused element. */
const focusedAttribute = (page: Page, name: string) =>
  page.evaluate((n) => (globalThis as any).document.activeElement?.getAttribute(n) as string | undefined, name);

describe.skipIf(onPostgres)('the web UI (browser tests run on SQLite only: they test the UI, not the store)', () => {
  beforeAll(async () => {
    ln = await startEmulator({ seed: uiFixture(ROWS) });
    // A fixed clock keeps the times the page shows (the comment's) the same in every run.
    ln.clock.freeze('2026-06-01T10:00:00.000Z');
    sdk = new Client({ auth: ln.token, baseUrl: ln.url, logLevel: LogLevel.ERROR, logger: () => {} });
    everyBlockId = await everyBlockPage(sdk, ln.rootPageId, ln.id('handbook'));
    browser = await launchBrowser();
    // The person the UI acts as: the workspace's owner.
    const session = (await (await fetch(`${ln.url}/__localnotion/ui/session`, { method: 'POST' })).json()) as { token: string; user: { id: string } };
    owner = session.user.id;
    expect((await sdk.users.retrieve({ user_id: owner })).type).toBe('person');
    const me = await new Client({ auth: session.token, baseUrl: ln.url, logLevel: LogLevel.ERROR, logger: () => {} }).users.me({});
    expect({ id: me.id, type: me.type }).toEqual({ id: owner, type: 'person' });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await closeEmulators();
  });

  it('opens at the printed URL with the top-level pages and databases in the tree, the trash apart', async () => {
    const page = await open('');
    const tree = page.getByRole('tree', { name: 'Pages' });
    await expect
      .poll(() => tree.locator(':scope > [role=treeitem]').evaluateAll((items) => items.map((i) => i.getAttribute('aria-label'))))
      .toEqual(expect.arrayContaining(['Handbook', 'Tasks', 'Getting started']));
    expect(await tree.getByRole('treeitem', { name: 'Old notes' }).count()).toBe(0);
    await page.getByRole('link', { name: /Trash/ }).click();
    await expect.poll(() => page.locator('.trash-list').textContent()).toContain('Old notes');
    await page.close();
  });

  it('walks the tree from the keyboard: arrows move and expand, Enter opens the page', async () => {
    const page = await open('');
    const handbook = page.getByRole('treeitem', { name: 'Handbook' });
    await handbook.waitFor();
    await page.getByRole('treeitem').first().focus();
    while ((await focusedAttribute(page, 'aria-label')) !== 'Handbook') await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => handbook.getAttribute('aria-expanded')).toBe('true');
    const onboarding = page.getByRole('treeitem', { name: 'Onboarding' });
    await onboarding.waitFor();
    expect(await onboarding.getAttribute('aria-level')).toBe('2');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => focusedAttribute(page, 'aria-label')).toBe('Onboarding');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1.page-title').textContent()).toBe('Onboarding');
    expect(page.url()).toContain(`#/page/${ln.id('onboarding')}`);
    await expect.poll(() => page.locator('.breadcrumbs').textContent()).toContain('Handbook');
    await page.keyboard.press('ArrowLeft'); // back to the tree item, then collapse it
    await page.getByRole('treeitem', { name: 'Handbook' }).focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => handbook.getAttribute('aria-expanded')).toBe('false');
    await page.close();
  });

  it('renders a page written through the SDK with every block type, as the reviewed screenshot shows it', async () => {
    const page = await open(`#/page/${everyBlockId}`, { width: 1280, height: 2400 });
    await page.locator('.katex').first().waitFor();
    await page.locator('.hljs').waitFor();
    await page.waitForFunction(() => [...(globalThis as any).document.images].every((i: any) => i.complete && i.naturalWidth > 0));
    await page.evaluate(() => (globalThis as any).document.fonts.ready);
    const types = await page.locator('[data-block-id]').evaluateAll((blocks) => [...new Set(blocks.map((b) => b.className.split(' ')[1]))]);
    for (const type of [
      'heading_1',
      'heading_2',
      'heading_3',
      'paragraph',
      'bulleted_list_item',
      'numbered_list_item',
      'to_do',
      'toggle',
      'callout',
      'quote',
      'code',
      'equation',
      'divider',
      'table',
      'column_list',
      'image',
      'file',
      'pdf',
      'video',
      'bookmark',
      'embed',
      'synced_block',
      'link_to_page',
      'child_page',
      'child_database',
      'table_of_contents',
      'breadcrumb',
    ]) {
      expect(types).toContain(`block-${type}`);
    }
    // The image is the Notion-hosted upload, by its signed URL.
    expect(await page.locator('.media-image img').getAttribute('src')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(await page.locator('.comments').textContent()).toContain('A comment in the margin');

    const shot = await page.locator('article.page').screenshot({ animations: 'disabled', caret: 'hide' });
    await page.close();
    if (!existsSync(BASELINE) || process.env.LOCALNOTION_UPDATE_BASELINES === '1') {
      writeFileSync(BASELINE, shot);
      throw new Error(`wrote a new baseline ${BASELINE}: review it and run again`);
    }
    const { count, diff } = diffPixels(decodePng(readFileSync(BASELINE)), decodePng(shot));
    if (count > TOLERANCE) {
      const dir = join(tmpdir(), 'localnotion-ui');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'every-block.actual.png'), shot);
      writeFileSync(join(dir, 'every-block.diff.png'), encodePng(diff));
      expect.fail(`${count} pixels differ from the baseline (at most ${TOLERANCE}); see ${dir}`);
    }
  });

  it('ticks a to-do in the UI, and the SDK reads it back edited by the owner', async () => {
    const page = await open(`#/page/${everyBlockId}`);
    const box = page.getByRole('checkbox', { name: 'To-do: Write the tests' });
    await box.check();
    const blocks = await sdk.blocks.children.list({ block_id: everyBlockId });
    const id = blocks.results.find((b) => 'type' in b && b.type === 'to_do' && plain(b.to_do.rich_text) === 'Write the tests')!.id;
    await expect.poll(async () => ((await sdk.blocks.retrieve({ block_id: id })) as { to_do: { checked: boolean } }).to_do.checked).toBe(true);
    const block = (await sdk.blocks.retrieve({ block_id: id })) as { last_edited_by: { id: string; object: string } };
    expectOwnersEdit(block.last_edited_by);
    await page.close();
  });

  it('edits text as plain text and keeps the annotations of what did not change', async () => {
    const page = await open(`#/page/${everyBlockId}`);
    const paragraph = page.locator('.block-paragraph .editable').filter({ hasText: 'Bold, italic' });
    await paragraph.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Edited');
    await page.keyboard.press('Enter');
    const blocks = await sdk.blocks.children.list({ block_id: everyBlockId });
    const find = () =>
      sdk.blocks.children
        .list({ block_id: everyBlockId })
        .then((r) => r.results.find((b) => 'type' in b && b.type === 'paragraph' && plain(b.paragraph.rich_text).startsWith('Bold')));
    await expect.poll(async () => plain(((await find()) as any).paragraph.rich_text)).toMatch(/\. Edited$/);
    const rich = ((await find()) as any).paragraph.rich_text;
    expect(rich[0]).toMatchObject({ plain_text: 'Bold', annotations: { bold: true } });
    expect(rich.some((r: any) => r.type === 'mention' && r.mention.type === 'page')).toBe(true);
    expect(blocks.results.length).toBeGreaterThan(0);
    await page.close();
  });

  it('renames a page, adds and deletes a block, trashes the page and restores it from the trash', async () => {
    const created = await sdk.pages.create({ parent: { page_id: ln.rootPageId }, properties: { title: { title: [{ text: { content: 'Scratch' } }] } } });
    const page = await open(`#/page/${created.id}`);
    const title = page.getByLabel('Page title');
    await title.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' pad');
    await page.keyboard.press('Enter');
    await expect.poll(async () => plain((fullPage(await sdk.pages.retrieve({ page_id: created.id })).properties.title as any).title)).toBe('Scratch pad');

    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(async () => (await sdk.blocks.children.list({ block_id: created.id })).results.length).toBe(1);
    await page.locator('[data-block-id]').waitFor();
    await page.getByRole('button', { name: 'Delete block' }).click();
    await expect.poll(async () => (await sdk.blocks.children.list({ block_id: created.id })).results.length).toBe(0);

    await page.getByRole('button', { name: 'Move to trash' }).click();
    await expect.poll(async () => fullPage(await sdk.pages.retrieve({ page_id: created.id })).in_trash).toBe(true);
    await page.goto(`${ln.url}/ui/#/trash`);
    await page.getByRole('button', { name: 'Restore Scratch pad' }).click();
    await expect.poll(async () => fullPage(await sdk.pages.retrieve({ page_id: created.id })).in_trash).toBe(false);
    const restored = fullPage(await sdk.pages.retrieve({ page_id: created.id }));
    expectOwnersEdit(restored.last_edited_by);
    await page.close();
  });

  it(
    'has no serious or critical axe-core violations on the page view',
    async () => {
      const page = await open(`#/page/${everyBlockId}`);
      await page.locator('.katex').first().waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    },
    AXE_TIMEOUT,
  );

  const rowNames = (page: Page) =>
    page.locator('[role=row] [role=gridcell]:first-child').evaluateAll((cells) => cells.map((c) => c.textContent?.replace(/Open$/, '') ?? ''));

  describe('the table', () => {
    const tasks = () => `#/data-source/${ln.id('tasks_source')}`;

    it('filters and sorts through the query, and applies a view', async () => {
      const page = await open(tasks());
      await page.getByRole('gridcell').first().waitFor();
      expect(await page.locator('.row-count').textContent()).toBe(`${ROWS} rows`);
      await page.getByRole('button', { name: '+ Filter' }).click();
      await page.getByLabel('Filter property').selectOption('Status');
      await page.getByLabel('Value').fill('Done');
      await page.getByRole('button', { name: '+ Sort' }).click();
      await page.getByLabel('Sort property').selectOption('Points');
      await page.getByLabel('Direction').selectOption('descending');
      await page.getByRole('button', { name: 'Apply' }).click();
      const expected = Array.from({ length: ROWS }, (_, i) => taskRow(i + 1))
        .filter((r) => r.properties.Status.select.name === 'Done')
        .sort((a, b) => b.properties.Points.number - a.properties.Points.number)
        .map((r) => r.properties.Name.title[0]!.text.content);
      await expect.poll(() => page.locator('.row-count').textContent()).toBe(`${expected.length} rows`);
      const points = await page.locator('[role=row] [role=gridcell]:nth-child(3)').evaluateAll((cells) => cells.map((c) => Number(c.textContent)));
      expect(points).toEqual([...points].sort((a, b) => b - a));
      expect(new Set(await rowNames(page))).toEqual(new Set(expected));

      await page.getByRole('tab', { name: 'Most points' }).click();
      await page.getByLabel('Remove filter').click();
      await page.getByLabel('Remove sort').click();
      await page.getByRole('button', { name: 'Apply' }).click();
      await expect.poll(() => page.locator('.row-count').textContent()).toBe(`${ROWS} rows`);
      const all = await page.locator('[role=row] [role=gridcell]:nth-child(3)').evaluateAll((cells) => cells.map((c) => Number(c.textContent)));
      expect(all[0]).toBe(12);
      expect(all).toEqual([...all].sort((a, b) => b - a));
      await page.close();
    });

    it(
      'moves between cells with the arrow keys and edits a cell and a checkbox from the keyboard',
      async () => {
        const page = await open(tasks());
        await page.getByRole('gridcell').first().waitFor();
        await page.getByRole('gridcell').first().focus();
        const focused = () => focusedAttribute(page, 'data-cell');
        await page.keyboard.press('ArrowRight');
        await expect.poll(focused).toBe('0:1');
        await page.keyboard.press('ArrowDown');
        await expect.poll(focused).toBe('1:1');
        await page.keyboard.press('ArrowLeft');
        await expect.poll(focused).toBe('1:0');
        await page.keyboard.press('Enter');
        // The editor takes the focus once it is drawn: select its text only then.
        await expect.poll(() => page.evaluate(() => (globalThis as any).document.activeElement?.tagName as string | undefined)).toBe('INPUT');
        await page.keyboard.press('ControlOrMeta+a');
        await page.keyboard.type('Renamed task');
        await page.keyboard.press('Enter');
        const second = (await sdk.dataSources.query({ data_source_id: ln.id('tasks_source'), page_size: 2 })).results[1]!;
        await expect.poll(async () => plain((fullPage(await sdk.pages.retrieve({ page_id: second.id })).properties.Name as any).title)).toBe('Renamed task');
        await expect.poll(focused).toBe('1:0');
        for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
        await page.keyboard.press(' ');
        const done = (taskRow(2).properties.Done.checkbox as boolean) === false;
        await expect.poll(async () => (fullPage(await sdk.pages.retrieve({ page_id: second.id })).properties.Done as any).checkbox).toBe(done);
        expectOwnersEdit(fullPage(await sdk.pages.retrieve({ page_id: second.id })).last_edited_by);

        await page.getByRole('button', { name: '+ New row' }).click();
        await expect.poll(() => page.locator('.row-count').textContent()).toBe(`${ROWS + 1} rows`);
        expect(await seriousViolations(page)).toEqual([]);
        await page.close();
      },
      AXE_TIMEOUT,
    );
  });
});
