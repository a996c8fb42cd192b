// What the command line says when it cannot start: one line a person can act on, naming the real
// cause (a port in use, a missing seed file) rather than the store it was opening at the time.
import { existsSync } from 'node:fs';
import { describeStore, type Config } from '../config.js';
import { FixtureError } from '../emulator/fixtures/errors.js';
import { ImportError } from '../emulator/export-file.js';

/** The commands of `localnotion`, as `--help` lists them. */
export const COMMANDS = ['serve', 'migrate', 'export', 'import', 'clone', 'help'] as const;

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message || String((error as { code?: unknown }).code ?? error) : String(error));

/** Why a store could not be opened. */
export function cannotOpen(config: Config, error: unknown): string {
  return `localnotion: cannot open the store (${describeStore(config)}): ${reasonOf(error)}`;
}

/** Why `serve` could not start: the address, the seed, or else the store. */
export function cannotServe(config: Config, seed: string | undefined, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const where = `${config.host}:${config.port}`;
  if (code === 'EADDRINUSE')
    return `localnotion: port ${config.port} on ${config.host} is already in use (by another localnotion or another program): stop it, or choose another port with --port (0 picks a free one)`;
  if (code === 'EACCES') return `localnotion: not allowed to listen on ${where} (ports below 1024 need privileges): choose another port with --port`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return `localnotion: cannot listen on ${where}: ${config.host} is not an address of this machine (--host)`;
  if (seed !== undefined && (error instanceof FixtureError || error instanceof ImportError))
    return `localnotion: cannot seed the store from ${seed}: ${reasonOf(error).replace(`${seed}: `, '')}`;
  return cannotOpen(config, error);
}

/** A seed file that is not there, said before anything is opened; undefined when it is. */
export function missingSeed(seed: string | undefined): string | undefined {
  if (seed === undefined || existsSync(seed)) return undefined;
  return `localnotion: the seed file ${seed} does not exist`;
}

/**
 * `localnotion <word>` where the word is no command. `serve` is the default command, so commander
 * would take the word as an argument of serve and refuse it as one too many.
 */
export function unknownCommand(argv: readonly string[]): string | undefined {
  const first = argv[0];
  if (first === undefined || first.startsWith('-') || (COMMANDS as readonly string[]).includes(first)) return undefined;
  return `localnotion: unknown command '${first}'; the commands are ${COMMANDS.filter((c) => c !== 'help').join(', ')} (localnotion --help lists them with their options)`;
}
