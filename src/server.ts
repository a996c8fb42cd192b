// Start a listening server over a context: what `localnotion serve` runs.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context.js';
import type { Config } from './config.js';
import { adminTokenFor } from './emulator/control-guard.js';
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

export { isLoopback } from './emulator/control-guard.js';

export async function startServer(config: Config, options: EmulatorOptions = {}): Promise<RunningServer> {
  // Off loopback the control API always needs an admin token: one is made up when none is given
  // (and printed by the CLI), so that nobody on the network can reset or read the workspace.
  options = { ...options, adminToken: adminTokenFor(config.host, options.adminToken) };
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
