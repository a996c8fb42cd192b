// The programmatic API.
export { defaultConfig, type Config } from './config.js';
export { createContext, type AppContext, type ContextOptions } from './context.js';
export { buildApp } from './http/app.js';
export { startServer, type RunningServer } from './server.js';
export { ensureWorkspace, createIntegration, createPerson, sharePage, unsharePage, type WorkspaceInfo } from './services/workspace.js';
export { ALL_CAPABILITIES, type Capabilities } from './services/access.js';
export { ACCEPTED_VERSIONS, type ApiVersion } from './api-version.js';
export { startLocalNotion, type LocalNotion, type LocalNotionOptions } from './emulator/start.js';
export { Emulator, type EmulatorOptions, type DeterministicOptions, type Snapshot } from './emulator/emulator.js';
export { injectFetch, type InjectFetch } from './emulator/inject-fetch.js';
export type { Fixture } from './emulator/fixtures/schema.js';
export { checkFixture, readFixtureFile } from './emulator/fixtures/load.js';
export { FixtureError } from './emulator/fixtures/errors.js';
export type { SeedResult } from './emulator/fixtures/apply.js';
export type { FaultRule, FaultRuleInput } from './emulator/faults.js';
export type { RateLimitSettings } from './emulator/rate-limit.js';
export type { LoggedRequest, RequestFilter } from './emulator/request-log.js';
export { CONTROL_PREFIX } from './emulator/control/routes.js';
