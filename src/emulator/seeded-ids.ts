// Ids and tokens from a seed: the same seed and the same requests give the same ids, so that
// responses can be compared with stored snapshots. The generator's state is part of an emulator
// snapshot, so a reset also replays the same ids.
import { uuidV4Of, type IdGenerator } from '../ids.js';

/** sfc32: a small, fast generator with a 128-bit state that is easy to save and restore. */
export class Sfc32 {
  private s: [number, number, number, number];

  constructor(seed: string | number) {
    // The seed's text hashed (cyrb128-style) into four 32-bit words.
    const text = String(seed);
    let h1 = 1779033703,
      h2 = 3144134277,
      h3 = 1013904242,
      h4 = 2773480762;
    for (let i = 0; i < text.length; i++) {
      const k = text.charCodeAt(i);
      h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
      h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
      h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
      h4 = h1 ^ Math.imul(h4 ^ k, 2716044597);
    }
    this.s = [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
    // Mix the state before the first value is used.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** The next 32-bit unsigned integer. */
  next(): number {
    let [a, b, c, d] = this.s;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    this.s = [a, b, c, d];
    return t >>> 0;
  }

  /** A number in [0, 1). */
  random(): number {
    return this.next() / 2 ** 32;
  }

  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i += 4) {
      const v = this.next();
      for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = (v >>> (8 * j)) & 0xff;
    }
    return out;
  }

  state(): number[] {
    return [...this.s];
  }

  setState(state: readonly number[]): void {
    if (state.length !== 4) throw new Error('an sfc32 state is four numbers');
    this.s = [state[0]! >>> 0, state[1]! >>> 0, state[2]! >>> 0, state[3]! >>> 0];
  }
}

export interface SeededIdGenerator extends IdGenerator {
  state(): number[];
  setState(state: readonly number[]): void;
}

/** UUIDv4-form ids (version 4, RFC 4122 variant) and `ntn_` tokens from a seed. */
export function seededIds(seed: string | number): SeededIdGenerator {
  const rng = new Sfc32(seed);
  return {
    uuid: () => uuidV4Of(rng.bytes(16)),
    token: () => `ntn_${rng.bytes(24).toString('base64url')}`,
    state: () => rng.state(),
    setState: (state) => rng.setState(state),
  };
}
