// The hottest functions of a V8 CPU profile (`node --cpu-prof`): self time, inclusive time, and
// self time by package or source file.
//
//   npx tsx bench/profile-summary.ts <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]');
  process.exit(1);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

function shortUrl(url: string): string {
  if (!url) return '';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + 1);
  return url.replace(/^file:\/\//, '');
}

function keyOf(n: ProfileNode): string {
  const { functionName, url, lineNumber } = n.callFrame;
  return url ? `${functionName || '(anonymous)'}  ${shortUrl(url)}:${lineNumber + 1}` : functionName;
}

function groupOf(n: ProfileNode): string {
  const { url, functionName } = n.callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName}`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return `pkg ${rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  if (url.startsWith('node:')) return 'node internals';
  return shortUrl(url);
}

// Each sample's time is the delta that follows it.
const weight = new Map<number, number>();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i + 1] ?? 0;
  const id = profile.samples[i]!;
  weight.set(id, (weight.get(id) ?? 0) + dt);
  total += dt;
}

const self = new Map<string, number>();
const groups = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, w] of weight) {
  const node = byId.get(id)!;
  self.set(keyOf(node), (self.get(keyOf(node)) ?? 0) + w);
  groups.set(groupOf(node), (groups.get(groupOf(node)) ?? 0) + w);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const key = keyOf(byId.get(cur)!);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + w);
  }
}

const idle = self.get('(idle)') ?? 0;
const busy = total - idle;
const pct = (v: number) => `${((100 * v) / busy).toFixed(1).padStart(5)}%`;
function print(title: string, map: Map<string, number>, n: number): void {
  console.log(`\n${title}`);
  const rows = [...map.entries()]
    .filter(([k]) => k !== '(idle)' && k !== '(root)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, n);
  for (const [k, v] of rows) console.log(`  ${pct(v)}  ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`);
}

console.log(
  `${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (${((100 * busy) / total).toFixed(0)}%); percentages are of busy time`,
);
print('self time by package / file', groups, 20);
print('self time by function', self, top);
print('inclusive time by function', inclusive, top);
