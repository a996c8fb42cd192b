// The 10,000-row table scroll of bench/ui.ts under a Chromium trace: what the page's main thread
// did in each frame, as thread CPU time (the trace's `tdur`), so that a frame the page's own work
// made late can be told from one lost while another process held the CPU (frame times on a shared
// machine rise with its load; CPU time much less). Nothing is written to bench/RESULTS.md.
//
//   npm run build && npx tsx bench/ui-trace.ts [trace.json]
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { startLocalNotion } from '../src/emulator/start.js';
import { launchBrowser } from '../test/helpers/browser.js';
import { uiFixture } from '../test/helpers/ui-content.js';
import { openUi, ROWS, scrollTable } from './ui.js';

interface TraceEvent {
  name: string;
  ph: string;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/** The page's main thread is the one that ran most rAF callbacks. */
function analyse(events: TraceEvent[]): string[] {
  const counts = new Map<number, number>();
  for (const e of events) if (e.name === 'FireAnimationFrame') counts.set(e.tid, (counts.get(e.tid) ?? 0) + 1);
  const tid = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const complete = events.filter((e) => e.tid === tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
  // Top-level events only: the nested ones are inside their parent's time already.
  const top: TraceEvent[] = [];
  let end = 0;
  for (const e of complete) {
    if (e.ts < end) continue;
    top.push(e);
    end = e.ts + e.dur!;
  }
  // A frame starts with its BeginMainThreadFrame; the rAF callbacks and the render follow.
  const frames = events
    .filter((e) => e.tid === tid && e.name === 'BeginMainThreadFrame')
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  const wall: number[] = [];
  const cpu: number[] = [];
  const byName = new Map<string, number>();
  let k = 0;
  for (let i = 1; i < frames.length; i++) {
    wall.push((frames[i]! - frames[i - 1]!) / 1000);
    let sum = 0;
    while (k < top.length && top[k]!.ts < frames[i]!) {
      const e = top[k++]!;
      if (e.ts < frames[0]!) continue;
      const ms = (e.tdur ?? e.dur!) / 1000;
      sum += ms;
      byName.set(e.name, (byName.get(e.name) ?? 0) + ms);
    }
    cpu.push(sum);
  }
  const interval = [...wall].sort((a, b) => a - b)[wall.length >> 1]!;
  const late = wall.map((w, i) => [w, cpu[i]!] as const).filter(([w]) => w > interval * 1.5);
  const sorted = [...cpu].sort((a, b) => a - b);
  const ms = (n: number) => n.toFixed(1);
  return [
    `main-thread CPU per frame: p50 ${ms(pct(sorted, 0.5))} ms, p90 ${ms(pct(sorted, 0.9))}, p99 ${ms(pct(sorted, 0.99))}, max ${ms(sorted.at(-1)!)} (${cpu.length} frames of ${ms(interval)} ms)`,
    `late frames in the trace: ${late.length}, of which ${late.filter(([, c]) => c > interval).length} with more main-thread CPU than one interval`,
    `per frame on average: ${[...byName]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([name, total]) => `${name} ${(total / cpu.length).toFixed(2)} ms`)
      .join(', ')}`,
  ];
}

const fixture = uiFixture(ROWS);
const ln = await startLocalNotion({ seed: fixture });
const browser = await launchBrowser();
try {
  const page = await openUi(browser, ln.url);
  await page.evaluate(`location.hash = ${JSON.stringify(`#/data-source/${ln.id('tasks_source')}`)}`);
  await page.locator('[role=gridcell]').first().waitFor();
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'v8.gc'] } });
  const scroll = await scrollTable(page);
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await complete;
  const out = process.argv[2];
  if (out) writeFileSync(out, JSON.stringify({ traceEvents: events }));
  console.log(
    `load average ${loadavg()[0]!.toFixed(1)}; rAF frames ${scroll.frames}, dropped ${scroll.dropped}, p99 ${scroll.p99.toFixed(1)} ms, max ${scroll.max.toFixed(1)} ms; rows ${scroll.rowsReached} reached, ${scroll.rowsLoaded} loaded`,
  );
  for (const line of analyse(events)) console.log(line);
} finally {
  await browser.close();
  await ln.close();
}
