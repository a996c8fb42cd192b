// Start a listening server over a context: what `localnotion serve` runs.
import type { FastifyInstance } from 'fastify';
import { createContext, type AppContext } from './context.js';
import type { Config } from './config.js';
import { buildApp } from './http/app.js';
import { ensureWorkspace, type WorkspaceInfo } from './services/workspace.js';

export interface RunningServer {
  ctx: AppContext;
  app: FastifyInstance;
  info: WorkspaceInfo;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const ctx = await createContext(config);
  const info = await ensureWorkspace(ctx, { token: config.token });
  const app = await buildApp(ctx);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let closed = false;
  return {
    ctx,
    app,
    info,
    baseUrl: `http://${host}:${port}`,
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
      await ctx.store.close();
    },
  };
}
