// Answers of reads kept while the store stays the same (docs/decisions.md, "Remembered reads
// (SQLite) and kept answers"). The store gives a token of its state (store/dialect.ts): on SQLite a count of the
// statements that may have written (this process is the only writer of its file), on PostgreSQL
// the current snapshot, which moves whenever any instance's transaction takes an id or ends. An
// answer computed between two equal tokens is the answer for as long as the token stays the same.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../actor.js';
import type { Store } from '../store/store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's memo of answers (for tests and diagnostics). */
    answerMemo: AnswerMemo;
  }
  interface FastifyRequest {
    /** Where this request's answer goes in the memo, and the store's state it was read in. */
    memoSlot: MemoSlot | null;
  }
}

type State = number | string;

export interface MemoSlot {
  key: string;
  state: State;
  /** Whether the answer may be kept: set by its route, withdrawn when the answer is rewritten. */
  keep: boolean;
}

/**
 * Characters kept at most, keys (which hold the URL, up to a request line's 16 KB) and answers
 * together; a memo that fills up starts again empty.
 */
export const MEMO_CHARS = 8 * 1024 * 1024;

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Where reading the state costs a statement (PostgreSQL): when it has changed on this many sends in
 * a row (the workspace is being written as it is read, and nothing kept would be sent again), the
 * next SKIPPED_SENDS reads are computed without asking it, as if nothing were kept.
 */
const CHANGED_IN_A_ROW = 8;
const SKIPPED_SENDS = 64;

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
  /** The state every kept answer was read in. */
  private state: State | undefined;
  private chars = 0;
  /** Answers sent from the memo (for tests and diagnostics). */
  hits = 0;
  /** Sends on which the state, read by a statement, differed from the kept answers' (in a row). */
  private changed = 0;
  /** Sends still to compute without reading the state. */
  private skipping = 0;

  /** Characters kept, keys and answers (for tests and diagnostics). */
  get size(): number {
    return this.chars;
  }

  constructor(private readonly store: Store) {}

  /** The kept answers, emptied first when the store is in another state than theirs. */
  private at(state: State): Map<string, string> {
    if (state !== this.state) {
      this.answers.clear();
      this.chars = 0;
      this.state = state;
    }
    return this.answers;
  }

  /**
   * Send the answer kept for this request, if any (true when sent); otherwise note where its answer
   * would go. A store whose state cannot be read now keeps nothing: the route's own reads answer
   * for it. (Not the reply itself: a reply is thenable, and awaiting it waits for it to be sent.)
   */
  send(request: FastifyRequest, reply: FastifyReply): boolean | Promise<boolean> {
    if (this.skipping > 0) {
      this.skipping--;
      return false;
    }
    return this.inState((state) => {
      if (typeof state === 'string') this.noteChange(state);
      return this.sendIn(state, request, reply);
    }, false);
  }

  /** `fn` of the store's state, at once where reading it is free; `unread` where it cannot be read. */
  private inState<T>(fn: (state: State) => T, unread: T): T | Promise<T> {
    const state = this.store.state();
    return typeof state === 'number' ? fn(state) : state.then(fn, () => unread);
  }

  /** A state read by a statement: skip the next reads once it has moved on every read for a while. */
  private noteChange(state: string): void {
    this.changed = state === this.state ? 0 : this.changed + 1;
    if (this.changed < CHANGED_IN_A_ROW) return;
    this.changed = 0;
    this.skipping = SKIPPED_SENDS;
  }

  private sendIn(state: State, request: FastifyRequest, reply: FastifyReply): boolean {
    const key = `${actorKey(request.actor)}\n${request.apiVersion}\n${request.betas.join(',')}\n${request.url}`;
    const kept = this.at(state).get(key);
    if (kept === undefined) {
      request.memoSlot = { key, state, keep: false };
      return false;
    }
    this.hits++;
    reply.type(JSON_TYPE).send(kept + requestIdTail(request.id));
    return true;
  }

  /** This request's answer may be kept (see the class). */
  keep(request: FastifyRequest): void {
    if (request.memoSlot) request.memoSlot.keep = true;
  }

  /** This request's answer may not be kept after all. */
  forgo(request: FastifyRequest): void {
    if (request.memoSlot) request.memoSlot.keep = false;
  }

  /**
   * Keep an answer about to be sent, once the store is seen still in the state the request read
   * it in (on PostgreSQL, one more statement; the answer leaves once it is done, kept or not).
   */
  remember(slot: MemoSlot, body: string, requestId: string): void | Promise<void> {
    const tail = requestIdTail(requestId);
    if (!body.endsWith(tail)) return;
    const kept = body.slice(0, body.length - tail.length);
    return this.inState<void>((state) => this.rememberIn(state, slot, kept), undefined);
  }

  private rememberIn(state: State, slot: MemoSlot, kept: string): void {
    if (state !== slot.state) return;
    const answers = this.at(state);
    const chars = slot.key.length + kept.length;
    if (this.chars + chars > MEMO_CHARS) {
      answers.clear();
      this.chars = 0;
    }
    answers.set(slot.key, kept);
    this.chars += chars;
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
    const kept = slot?.keep && reply.statusCode === 200 && typeof payload === 'string' ? memo.remember(slot, payload, request.id) : undefined;
    if (!(kept instanceof Promise)) return done(null, payload);
    void kept.then(() => done(null, payload));
  });
  return memo;
}
