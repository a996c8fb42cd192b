// The programmatic API.
export { defaultConfig, type Config } from './config.js';
export { createContext, type AppContext, type ContextOptions } from './context.js';
export { buildApp } from './http/app.js';
export { startServer, type RunningServer } from './server.js';
export { ensureWorkspace, createIntegration, createPerson, sharePage, unsharePage, type WorkspaceInfo } from './services/workspace.js';
export { ALL_CAPABILITIES, type Capabilities } from './services/access.js';
export { ACCEPTED_VERSIONS, type ApiVersion } from './present/version.js';
