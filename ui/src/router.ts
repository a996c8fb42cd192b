import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routes, so that the server serves one index.html for every screen:
 * `#/` the workspace, `#/page/<id>`, `#/data-source/<id>`, `#/emulator/<panel>`.
 */
export function useRoute(): string[] {
  const [hash, setHash] = useState(() => location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
}

export function href(...parts: string[]): string {
  return `#/${parts.map(encodeURIComponent).join('/')}`;
}
