// The server of the abuse run, in a worker thread of the benchmark process: in-process, on a
// file-backed SQLite store, yet on an event loop of its own, so that a server stalled by a
// formula or a large import does not stall the clock that measures it.
import { parentPort, workerData } from 'node:worker_threads';
import { defaultConfig } from '../src/config.js';
import { startServer } from '../src/server.js';

const { dbFile } = workerData as { dbFile: string };
const server = await startServer(defaultConfig({ host: '127.0.0.1', port: 0, sqlite: dbFile, logLevel: 'silent' }));
parentPort!.postMessage({ baseUrl: server.baseUrl, token: server.info.token, rootPageId: server.info.rootPageId });
parentPort!.on('message', (message: unknown) => {
  if (message === 'stop') void server.close().then(() => parentPort!.postMessage('stopped'));
});
