import { useEffect, useState } from 'preact/hooks';
import { control } from '../api.js';

interface Props {
  /** The hash route after #/emulator: [] for the overview, then the panel's name. */
  route: string[];
}

/** The emulator: request log, integrations, clock, faults, rate limit, snapshots, webhooks, uploads. */
export function Emulator({ route }: Props) {
  const [health, setHealth] = useState<string>('…');
  useEffect(() => {
    void control<{ status?: string }>('GET', '/health').then((h) => setHealth(JSON.stringify(h)));
  }, []);
  return (
    <main class="emulator">
      <h1>Emulator</h1>
      <p>{health}</p>
      <p>{route.join('/')}</p>
    </main>
  );
}
