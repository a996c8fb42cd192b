import type { FunctionComponent } from 'preact';
import { href } from '../router.js';
import { ClockPanel, FaultsPanel, RateLimitPanel } from './controls.js';
import { Integrations } from './integrations.js';
import { RequestLog } from './request-log.js';
import { SnapshotsPanel } from './snapshots.js';
import { UploadsPanel } from './uploads.js';
import { WebhooksPanel } from './webhooks.js';
import './emulator.css';

interface Props {
  /** The hash route after #/emulator: [] for the request log, else the panel's name. */
  route: string[];
}

const PANELS: { name: string; label: string; panel: FunctionComponent }[] = [
  { name: 'requests', label: 'Request log', panel: RequestLog },
  { name: 'integrations', label: 'Integrations', panel: Integrations },
  { name: 'clock', label: 'Clock', panel: ClockPanel },
  { name: 'faults', label: 'Fault rules', panel: FaultsPanel },
  { name: 'rate-limit', label: 'Rate limiter', panel: RateLimitPanel },
  { name: 'snapshots', label: 'Snapshots', panel: SnapshotsPanel },
  { name: 'webhooks', label: 'Webhooks', panel: WebhooksPanel },
  { name: 'uploads', label: 'Uploads', panel: UploadsPanel },
];

/** The emulator: request log, integrations, clock, faults, rate limit, snapshots, webhooks, uploads. */
export function Emulator({ route }: Props) {
  const current = PANELS.find((p) => p.name === route[0]) ?? PANELS[0]!;
  const Current = current.panel;
  return (
    <div class="emulator">
      <nav class="emulator-nav" aria-label="Emulator">
        <ul>
          {PANELS.map((p) => (
            <li key={p.name}>
              <a href={href('emulator', p.name)} aria-current={p === current ? 'page' : undefined}>
                {p.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main class="emulator-main">
        <Current key={current.name} />
      </main>
    </div>
  );
}
