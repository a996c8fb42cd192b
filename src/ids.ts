import { randomBytes, randomUUID } from 'node:crypto';

/** Id source; one per context so that deterministic runs can replace it. */
export interface IdGenerator {
  uuid(): string;
  token(): string;
}

export const randomIds: IdGenerator = {
  uuid: () => randomUUID(),
  // Internal integration tokens start with ntn_ (spec 2.1); the rest is opaque.
  token: () => `ntn_${randomBytes(24).toString('base64url')}`,
};
