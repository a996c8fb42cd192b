// A clock the emulator controls: the system time, shifted or frozen. Tests that snapshot
// responses freeze it; tests of time-relative filters ("past_week") set or advance it.
import type { Clock } from '../clock.js';

export interface ClockState {
  /** The frozen instant in ms since the epoch, or null when the clock runs. */
  frozenAt: number | null;
  /** While running: ms added to the system time. */
  offsetMs: number;
}

export class ControllableClock implements Clock {
  private frozenAt: number | null = null;
  private offsetMs = 0;

  constructor(private readonly system: () => number = Date.now) {}

  now(): Date {
    return new Date(this.millis());
  }

  /** Now, in ms since the epoch. */
  millis(): number {
    return this.frozenAt ?? this.system() + this.offsetMs;
  }

  get frozen(): boolean {
    return this.frozenAt !== null;
  }

  /** Stop the clock at `at` (now when absent). */
  freeze(at?: Date): void {
    this.frozenAt = (at ?? this.now()).getTime();
  }

  /** Let the clock run again from where it stands. */
  unfreeze(): void {
    if (this.frozenAt === null) return;
    this.offsetMs = this.frozenAt - this.system();
    this.frozenAt = null;
  }

  /** Move the clock to `at`; a frozen clock stays frozen there, a running one runs on from it. */
  set(at: Date): void {
    if (this.frozenAt !== null) this.frozenAt = at.getTime();
    else this.offsetMs = at.getTime() - this.system();
  }

  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  /** Back to the system time, running. */
  useSystemTime(): void {
    this.frozenAt = null;
    this.offsetMs = 0;
  }

  state(): ClockState {
    return { frozenAt: this.frozenAt, offsetMs: this.offsetMs };
  }

  setState(state: ClockState): void {
    this.frozenAt = state.frozenAt;
    this.offsetMs = state.offsetMs;
  }
}
