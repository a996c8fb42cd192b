// The web UI run of `npm run bench` (alone: BENCH_UI=only npm run bench): the budgets of the UI,
// measured in headless Chromium (Debian's, through playwright-core) against an in-process server
// on loopback: the JavaScript of the first load (gzip), a 1,000-block page rendered, and a
// 10,000-row table scrolled with every frame timed by requestAnimationFrame. It also takes the
// README's screenshot of the workspace (docs/images/ui-workspace.png). Its section of
// bench/RESULTS.md is rewritten.
import { Client, LogLevel } from '@notionhq/client';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { startLocalNotion } from '../src/emulator/start.js';
import { launchBrowser } from '../test/helpers/browser.js';
import { everyBlockPage, uiFixture } from '../test/helpers/ui-content.js';
import { find, type MachineInfo } from './results.js';

const SECTION = { start: '<!-- bench:ui:start -->', end: '<!-- bench:ui:end -->' };
export const UI_BUDGETS = { firstLoadGzipKB: 250, pageRenderMs: 1000, droppedFrames: 0 } as const;
const BLOCKS = 1000;
export const ROWS = 10_000;
/** The run stops by itself after this long, whatever it reached. */
const RUN_SECONDS = 240;
/** The scripted scroll: rows a frame, and at most this many frames. */
const ROWS_PER_FRAME = 6;
/** The table's row height (ui/src/table/grid.tsx). */
const ROW_HEIGHT = 34;
const MAX_FRAMES = 2400;

export interface UiBenchResult {
  /** The machine's 1-minute load average as the measurements ended: frame times depend on it. */
  load: number;
  firstLoad: { files: number; bytes: number; gzipBytes: number };
  pageRender: { runs: number[]; median: number; blocks: number };
  scroll: { frames: number; rowsReached: number; rowsLoaded: number; p50: number; p99: number; max: number; dropped: number; interval: number };
}

/** 1,000 blocks of the usual kinds, in sections of ten. */
function thousandBlocks(): unknown[] {
  const t = (content: string, annotations = {}) => [{ type: 'text', text: { content }, annotations }];
  const blocks: unknown[] = [];
  for (let s = 0; blocks.length < BLOCKS; s++) {
    blocks.push(
      { heading_2: { rich_text: t(`Section ${s}`) } },
      { paragraph: { rich_text: [...t('Some '), ...t('bold', { bold: true }), ...t(' and '), ...t('code', { code: true }), ...t(' text.')] } },
      { bulleted_list_item: { rich_text: t('first point') } },
      { bulleted_list_item: { rich_text: t('second point') } },
      { numbered_list_item: { rich_text: t('step one') } },
      { to_do: { rich_text: t('a task'), checked: s % 2 === 0 } },
      { quote: { rich_text: t('a quote') } },
      { callout: { rich_text: t('a callout'), icon: { type: 'emoji', emoji: '💡' } } },
      { code: { language: 'typescript', rich_text: t(`const x${s} = ${s};`) } },
      { divider: {} },
    );
  }
  return blocks.slice(0, BLOCKS);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function firstLoad(page: Page, dist: string): Promise<UiBenchResult['firstLoad']> {
  const scripts = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((n) => n.endsWith('.js')),
  );
  let bytes = 0;
  let gzipBytes = 0;
  for (const url of scripts) {
    const body = readFileSync(join(dist, new URL(url).pathname.replace(/^\/ui\//, '')));
    bytes += body.length;
    gzipBytes += gzipSync(body, { level: 9 }).length;
  }
  return { files: scripts.length, bytes, gzipBytes };
}

/** From the hash change to the last of the page's blocks in the DOM, timed in the page. */
async function renderPage(page: Page, id: string): Promise<number> {
  await page.evaluate(`location.hash = '#/'`);
  await page.locator('.home').waitFor();
  // A string, so that the function runs in the page as written (no helpers of this process's transpiler).
  return page.evaluate<number>(`new Promise((resolve) => {
    const start = performance.now();
    location.hash = ${JSON.stringify(`#/page/${id}`)};
    const check = () => (document.querySelectorAll('[data-block-id]').length >= ${BLOCKS} ? resolve(performance.now() - start) : requestAnimationFrame(check));
    requestAnimationFrame(check);
  })`);
}

/** Scrolls the table down a few rows a frame and times every frame. */
export async function scrollTable(page: Page): Promise<UiBenchResult['scroll']> {
  await page.locator('[role=gridcell]').first().waitFor();
  const r = await page.evaluate<{ deltas: number[]; reached: number; loaded: number }>(`new Promise((resolve) => {
    const scroller = document.querySelector('.grid-scroller');
    const deltas = [];
    let last = performance.now();
    let frames = 0;
    const step = (now) => {
      deltas.push(now - last);
      last = now;
      scroller.scrollTop += ${ROWS_PER_FRAME * ROW_HEIGHT};
      const reached = Math.floor((scroller.scrollTop + scroller.clientHeight) / ${ROW_HEIGHT}) - 1;
      if (++frames >= ${MAX_FRAMES} || reached >= ${ROWS}) {
        const loaded = parseInt(document.querySelector('.row-count')?.textContent ?? '0', 10);
        resolve({ deltas: deltas.slice(1), reached, loaded });
      } else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  })`);
  const sorted = [...r.deltas].sort((a, b) => a - b);
  // A frame is dropped when it took longer than one and a half refresh intervals (the median).
  const interval = median(r.deltas);
  return {
    frames: r.deltas.length,
    rowsReached: r.reached,
    rowsLoaded: r.loaded,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1]!,
    dropped: r.deltas.filter((d) => d > interval * 1.5).length,
    interval,
  };
}

/** A 1280×800 page of `browser` on the web UI of the server at `url`, once its page tree shows. */
export async function openUi(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${url}/ui/`);
  await page.getByRole('tree').waitFor();
  return page;
}

async function measure(root: string): Promise<UiBenchResult> {
  const dist = join(root, 'dist', 'ui');
  const fixture = uiFixture(ROWS);
  fixture.pages!.push({ key: 'long', title: 'A thousand blocks', children: thousandBlocks() as never });
  const ln = await startLocalNotion({ seed: fixture });
  const browser = await launchBrowser();
  try {
    const page = await openUi(browser, ln.url);
    const load = await firstLoad(page, dist);
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) runs.push(await renderPage(page, ln.id('long')));
    await page.evaluate(`location.hash = ${JSON.stringify(`#/data-source/${ln.id('tasks_source')}`)}`);
    const scroll = await scrollTable(page);

    // The README's screenshot: a page with every block type beside the tree.
    const sdk = new Client({ auth: ln.token, baseUrl: ln.url, logLevel: LogLevel.ERROR, logger: () => {} });
    const every = await everyBlockPage(sdk, ln.rootPageId, ln.id('handbook'));
    await page.goto(`${ln.url}/ui/#/page/${every}`);
    await page.getByRole('treeitem', { name: 'Handbook' }).click();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('treeitem', { name: 'Onboarding' }).waitFor();
    await page.locator('.katex').first().waitFor();
    mkdirSync(join(root, 'docs', 'images'), { recursive: true });
    await page.screenshot({ path: join(root, 'docs', 'images', 'ui-workspace.png') });
    return { load: loadavg()[0]!, firstLoad: load, pageRender: { runs, median: median(runs), blocks: BLOCKS }, scroll };
  } finally {
    await browser.close();
    await ln.close();
  }
}

export async function runUiBench(root: string): Promise<UiBenchResult> {
  // The UI the server serves is dist/ui: build it as `npm run build` does.
  const vite = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'ui/vite.config.ts', '--logLevel', 'warn'],
    { cwd: root, stdio: 'inherit' },
  );
  if (vite.status !== 0) throw new Error('vite build failed');
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`the UI run took over ${RUN_SECONDS} s`)), RUN_SECONDS * 1000)),
  );
  try {
    return await Promise.race([measure(root), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const met = (ok: boolean) => (ok ? 'met' : 'MISSED');

export function uiSection(info: MachineInfo, r: UiBenchResult): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const s = r.scroll;
  return [
    SECTION.start,
    '## Web UI',
    '',
    `Command: \`${info.command}\`; ${info.cpu}, ${info.cores} cores, Node ${info.node}, ${info.platform}; ${info.date}.`,
    `Headless Chromium (Debian's) against an in-process server on loopback; a 1280×800 viewport; 1-minute load average ${r.load.toFixed(1)} on ${info.cores} cores (other work shares the machine: frame times and render times rise with it).`,
    '',
    '| Budget | Measured | Target | |',
    '| --- | --- | --- | --- |',
    `| JavaScript of the first load (${r.firstLoad.files} files, ${kb(r.firstLoad.bytes)} raw) | ${kb(r.firstLoad.gzipBytes)} gzip | < ${UI_BUDGETS.firstLoadGzipKB} KB | ${met(r.firstLoad.gzipBytes < UI_BUDGETS.firstLoadGzipKB * 1024)} |`,
    `| ${r.pageRender.blocks}-block page, hash change to the last block in the DOM (median of ${r.pageRender.runs.length}: ${r.pageRender.runs.map((m) => m.toFixed(0)).join(', ')} ms) | ${r.pageRender.median.toFixed(0)} ms | < ${UI_BUDGETS.pageRenderMs} ms | ${met(r.pageRender.median < UI_BUDGETS.pageRenderMs)} |`,
    `| ${ROWS.toLocaleString('en-US')}-row table scrolled ${ROWS_PER_FRAME} rows a frame: dropped frames (> 1.5 × the ${s.interval.toFixed(1)} ms median frame) of ${s.frames}; frame p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(1)} ms; row ${s.rowsReached.toLocaleString('en-US')} reached, ${s.rowsLoaded.toLocaleString('en-US')} loaded | ${s.dropped} | ${UI_BUDGETS.droppedFrames} | ${met(s.dropped <= UI_BUDGETS.droppedFrames && s.rowsReached >= ROWS - 1)} |`,
    SECTION.end,
  ].join('\n');
}

export function writeUiResults(file: string, info: MachineInfo, r: UiBenchResult): string {
  const section = uiSection(info, r);
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const own = find(text, SECTION.start, SECTION.end);
  text = own ? text.slice(0, own[0]) + section + text.slice(own[1]) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, text);
  return section;
}
