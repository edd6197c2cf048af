// Shared by `npm run demo` and `npm run serve`: flags, fixed ports for a person's browser, and a clean Ctrl-C.
// The code-server itself is the test host's (`startCodeServer`), started on the chosen port.
import * as net from 'node:net';

/** `--name value` or `--name=value`; flags without a value are `true`. */
export function parseFlags(argv: string[]): Map<string, string | true> {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2);
    if (inline !== undefined) flags.set(name, inline);
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) flags.set(name, argv[++i]);
    else flags.set(name, true);
  }
  return flags;
}

export function portFlag(flags: Map<string, string | true>, name: string, fallback: number): number {
  const value = flags.get(name);
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`--${name} must be a port number, not ${String(value)}`);
  return port;
}

function isFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/** The wanted port if free, else the next free one above it (and says so). */
export async function choosePort(host: string, wanted: number, what: string): Promise<number> {
  for (let port = wanted; port < wanted + 50 && port <= 65535; port++) {
    if (await isFree(host, port)) {
      if (port !== wanted) console.log(`! port ${wanted} is busy; the ${what} uses ${port} instead`);
      return port;
    }
  }
  throw new Error(`no free port for the ${what} in ${wanted}–${wanted + 49}`);
}

/** Runs `stop` once on Ctrl-C / SIGTERM, then exits. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
}
