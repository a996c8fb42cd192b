// Start a listening server over a context: what `localnotion serve` runs.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context.js';
import type { Config } from './config.js';
import { openEmulator, type Emulator, type EmulatorOptions } from './emulator/emulator.js';
import { buildApp } from './http/app.js';
import type { WorkspaceInfo } from './services/workspace.js';

export interface RunningServer {
  ctx: AppContext;
  app: FastifyInstance;
  /** The workspace as it was at start (the emulator's `info` follows later changes). */
  info: WorkspaceInfo;
  emulator: Emulator;
  baseUrl: string;
  close(): Promise<void>;
}

/** Loopback addresses: there the control API may be open; anywhere else it needs an admin token. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::ffff:127.0.0.1';
}

export async function startServer(config: Config, options: EmulatorOptions = {}): Promise<RunningServer> {
  // Off loopback the control API always needs an admin token: one is made up when none is given
  // (and printed by the CLI), so that nobody on the network can reset or read the workspace.
  if (!isLoopback(config.host) && !options.adminToken) options = { ...options, adminToken: `lna_${randomBytes(24).toString('base64url')}` };
  const { ctx, emulator } = await openEmulator(config, options);
  try {
    const app = await buildApp(ctx, { emulator });
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    let closed = false;
    return {
      ctx,
      app,
      info: emulator.info,
      emulator,
      baseUrl: `http://${host}:${port}`,
      close: async () => {
        if (closed) return;
        closed = true;
        await app.close();
        await ctx.store.close();
      },
    };
  } catch (error) {
    await ctx.store.close();
    throw error;
  }
}
