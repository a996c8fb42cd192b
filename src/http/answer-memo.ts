// Answers of reads kept while the store stays the same (docs/decisions.md, "Answers kept between
// writes"). On SQLite this process is the only writer of its file and counts every statement that
// may write (store/sqlite-driver.ts), so an answer computed while that count did not move is the
// answer until it moves. On PostgreSQL another instance may write at any moment: nothing is kept.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../actor.js';
import type { Store } from '../store/store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's memo of answers (for tests and diagnostics). */
    answerMemo: AnswerMemo;
  }
  interface FastifyRequest {
    /** Where this request's answer goes in the memo, and the store's write count it was read at. */
    memoSlot: MemoSlot | null;
  }
}

export interface MemoSlot {
  key: string;
  writes: number;
  /** Whether the answer may be kept: set by its route, withdrawn when the answer is rewritten. */
  keep: boolean;
}

/** Characters of answers kept at most; a memo that fills up starts again empty. */
const MEMO_CHARS = 8 * 1024 * 1024;

const JSON_TYPE = 'application/json; charset=utf-8';

/** Everything of the caller an answer may depend on, spelled once per actor object. */
const actorKeys = new WeakMap<Actor, string>();
function actorKey(actor: Actor): string {
  let key = actorKeys.get(actor);
  if (key === undefined) actorKeys.set(actor, (key = JSON.stringify(actor)));
  return key;
}

/** The end of every success body: its request id, set last by http/reply.ts `sendObject`. */
const requestIdTail = (id: string): string => `,"request_id":${JSON.stringify(id)}}`;

/**
 * The answers of routes that opt in, by caller, version, previews and URL (path and query). A route
 * asks `send` first; when nothing is kept it computes its answer and calls `keep` if the answer
 * depends on nothing else than those and the store (not on the time it is read, nor on the
 * request's host). Answers rewritten on their way out (mentions hidden, files signed) are not kept.
 */
export class AnswerMemo {
  private readonly answers = new Map<string, string>();
  private writes: number | undefined;
  private chars = 0;
  /** Answers sent from the memo (for tests and diagnostics). */
  hits = 0;

  constructor(private readonly store: Store) {}

  /** The memo at the store's present state, emptied when the store has changed; none on PostgreSQL. */
  private current(): number | undefined {
    const writes = this.store.writes();
    if (writes !== this.writes) {
      this.answers.clear();
      this.chars = 0;
      this.writes = writes;
    }
    return writes;
  }

  /** Send the answer kept for this request, if any; otherwise note where its answer would go. */
  send(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
    const writes = this.current();
    if (writes === undefined) return undefined;
    const key = `${actorKey(request.actor)}\n${request.apiVersion}\n${request.betas.join(',')}\n${request.url}`;
    const kept = this.answers.get(key);
    if (kept === undefined) {
      request.memoSlot = { key, writes, keep: false };
      return undefined;
    }
    this.hits++;
    return reply.type(JSON_TYPE).send(kept + requestIdTail(request.id));
  }

  /** This request's answer may be kept (see the class). */
  keep(request: FastifyRequest): void {
    if (request.memoSlot) request.memoSlot.keep = true;
  }

  /** This request's answer may not be kept after all. */
  forgo(request: FastifyRequest): void {
    if (request.memoSlot) request.memoSlot.keep = false;
  }

  /** Keep a sent answer, when the store has not changed since the request read it. */
  remember(slot: MemoSlot, body: string, requestId: string): void {
    const tail = requestIdTail(requestId);
    if (this.current() !== slot.writes || !body.endsWith(tail)) return;
    const kept = body.slice(0, body.length - tail.length);
    if (this.chars + kept.length > MEMO_CHARS) {
      this.answers.clear();
      this.chars = 0;
    }
    this.answers.set(slot.key, kept);
    this.chars += kept.length;
  }
}

/**
 * The app's memo, keeping answers as they are sent. Installed before any hook that turns a body
 * into bytes, so that the body is still the serialized text.
 */
export function installAnswerMemo(app: FastifyInstance, store: Store): AnswerMemo {
  const memo = new AnswerMemo(store);
  app.decorate('answerMemo', { getter: () => memo });
  app.decorateRequest('memoSlot', null);
  app.addHook('onSend', (request, reply, payload, done) => {
    const slot = request.memoSlot;
    if (slot?.keep && reply.statusCode === 200 && typeof payload === 'string') memo.remember(slot, payload, request.id);
    done(null, payload);
  });
  return memo;
}
