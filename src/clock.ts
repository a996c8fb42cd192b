/** Time source; one per context so that tests and the emulator controls can drive it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
