// Before `npm pack` builds the package: start from an empty dist/, so that nothing compiled from a
// source that no longer exists (or from a test) is packed.
import { rmSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';

rmSync(fileURLToPath(new URL('../dist', import.meta.url)), { recursive: true, force: true });
