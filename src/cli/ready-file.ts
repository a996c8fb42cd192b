// Where a started server is, for a test fixture in another language (pytest, Go, JUnit) that runs
// `localnotion serve` as a child process: `--ready-file <path>` writes it as JSON once the server
// listens, `--print-json` prints it as the one line of stdout. See docs/decisions.md, "Packaging
// and interception".
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CONTROL_PREFIX } from '../emulator/control/routes.js';
import type { RunningServer } from '../server.js';

export interface LaunchInfo {
  /** Base URL for clients (`baseUrl` of @notionhq/client). */
  url: string;
  /** Token of the default integration. */
  token: string;
  root_page_id: string;
  /** Base of the control API (`/health`, `/reset`, ...). */
  admin_url: string;
  /** The token the control API requires, or null when it requires none. */
  admin_token: string | null;
  pid: number;
}

export function launchInfo(server: RunningServer): LaunchInfo {
  const { emulator, baseUrl } = server;
  return {
    url: baseUrl,
    token: emulator.info.token,
    root_page_id: emulator.info.rootPageId,
    admin_url: `${baseUrl}${CONTROL_PREFIX}`,
    admin_token: emulator.adminToken ?? null,
    pid: process.pid,
  };
}

/**
 * Write the file whole or not at all: a temporary file beside it, renamed over it, so that a
 * reader polling for the file never reads half of it. Readable by its owner only (it holds tokens).
 */
export function writeReadyFile(file: string, info: LaunchInfo): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(temp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  try {
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** A ready file left by an earlier run would say "ready" before this one is. */
export function removeReadyFile(file: string): void {
  rmSync(file, { force: true });
}
