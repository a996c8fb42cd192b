import { Emulator } from './emulator/index.js';
import { href, useRoute } from './router.js';
import { Workspace } from './workspace/index.js';

export function App() {
  const route = useRoute();
  const emulator = route[0] === 'emulator';
  return (
    <div class="app">
      <header class="topbar">
        <a class="brand" href={href()}>
          localnotion
        </a>
        <nav aria-label="Sections">
          <a href={href()} aria-current={emulator ? undefined : 'page'}>
            Workspace
          </a>
          <a href={href('emulator')} aria-current={emulator ? 'page' : undefined}>
            Emulator
          </a>
        </nav>
      </header>
      {emulator ? <Emulator route={route.slice(1)} /> : <Workspace route={route} />}
    </div>
  );
}
