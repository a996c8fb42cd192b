// A webhook receiver on 127.0.0.1 (node:http): keeps each request's raw body and headers, and
// answers with the statuses a test scripts (200 once the script runs out).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '@notionhq/client';

export interface Received {
  body: string;
  headers: IncomingHttpHeaders;
  json: any;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Events received (not verification requests), in arrival order. */
  events(): any[];
  /** Statuses to answer with, in turn, before answering 200. */
  answer(...statuses: number[]): void;
  /** Whether every request so far carries a valid signature for `token`. */
  allSigned(token: string): Promise<boolean>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const script: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ body, headers: request.headers, json: JSON.parse(body) });
      const status = script.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    events: () => received.filter((r) => !('verification_token' in r.json)).map((r) => r.json),
    answer: (...statuses) => script.push(...statuses),
    allSigned: async (token) => {
      for (const r of received) {
        if (!(await verifyWebhookSignature({ body: r.body, signature: r.headers['x-notion-signature'] as string, verificationToken: token }))) return false;
      }
      return true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
