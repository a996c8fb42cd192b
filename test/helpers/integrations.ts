// Integrations besides the server's own, for tests of access, capabilities and isolation: made
// through the services and given their pages as "Add connections" gives them.
import type { AppContext } from '../../src/context.js';
import type { Capabilities } from '../../src/services/access.js';
import { createIntegration, sharePage, unsharePage, type WorkspaceInfo } from '../../src/services/workspace.js';

/** What a second integration is made in: a test server, or a listening one for the SDK. */
export interface IntegrationHost {
  ctx: AppContext;
  info: WorkspaceInfo;
}

export interface IntegrationOptions {
  /** Its bot's name, which its 404 messages name. Default "Second Bot". */
  name?: string;
  /** Capabilities it lacks, or has; every one by default. */
  capabilities?: Partial<Capabilities>;
  /** A public integration acts for a person: by default the workspace's owner. */
  kind?: 'internal' | 'public';
  ownerUserId?: string;
  /** Pages and databases given to it; it reaches everything below them. */
  pages?: readonly string[];
  /** Another workspace than the server's. */
  workspaceId?: string;
}

export interface TestIntegration {
  name: string;
  integrationId: string;
  botId: string;
  token: string;
  /** Give it more pages. */
  share(...pageIds: string[]): Promise<void>;
  /** Take a page back. */
  unshare(pageId: string): Promise<void>;
}

/** A new integration in the server's workspace, given `pages`. */
export async function secondIntegration(server: IntegrationHost, options: IntegrationOptions = {}): Promise<TestIntegration> {
  const name = options.name ?? 'Second Bot';
  const created = await createIntegration(server.ctx, {
    workspaceId: options.workspaceId ?? server.info.workspaceId,
    name,
    capabilities: options.capabilities,
    kind: options.kind,
    ownerUserId: options.ownerUserId ?? (options.kind === 'public' ? server.info.ownerId : undefined),
  });
  const integration: TestIntegration = {
    ...created,
    name,
    share: async (...pageIds) => {
      for (const id of pageIds) await sharePage(server.ctx, created.integrationId, id);
    },
    unshare: (pageId) => unsharePage(server.ctx, created.integrationId, pageId),
  };
  await integration.share(...(options.pages ?? []));
  return integration;
}
