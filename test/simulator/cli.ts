// `npm run sim -- --port 8929 --scenario demo --profile latest [--https] [--base-path /gitlab]`
// Starts the simulator, prints the URL and a ready-to-use token, and runs until Ctrl-C / SIGTERM.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from './simulator';
import type { ScenarioOption } from './scenarios';
import type { ProfileName } from './profiles';

const USAGE = `Usage: npm run sim -- [--port 8929] [--host 127.0.0.1] [--scenario demo|empty|<N>x<M>x<K>] [--profile ce|ee-unlicensed|14.7|15.4|16.x|latest|17+]
                      [--https] [--base-path /gitlab] [--rate-limit 2000]
  --scenario 200x5x3   generates 200 projects × 5 environments × 3 blocked deployments each`;

function parseArgs(argv: string[]): Record<string, string | true> {
  const args: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [key, inline] = arg.slice(2).split('=', 2);
    if (inline !== undefined) args[key] = inline;
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) args[key] = argv[++i];
    else args[key] = true;
  }
  return args;
}

function scenarioFrom(value: string | true | undefined): ScenarioOption {
  if (value === undefined || value === true || value === 'demo') return 'demo';
  if (value === 'empty') return 'empty';
  const m = /^(\d+)x(\d+)x(\d+)$/.exec(value);
  if (m) return { projects: Number(m[1]), environmentsPerProject: Number(m[2]), blockedPerProject: Number(m[3]) };
  throw new Error(`unknown scenario ${value}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const sim = await startSimulator({
    port: args.port === undefined ? 8929 : Number(args.port),
    host: typeof args.host === 'string' ? args.host : undefined,
    scenario: scenarioFrom(args.scenario),
    profile: typeof args.profile === 'string' ? (args.profile as ProfileName) : undefined,
    https: args.https === true,
    basePath: typeof args['base-path'] === 'string' ? args['base-path'] : undefined,
    rateLimitPerMinute: args['rate-limit'] === undefined ? undefined : Number(args['rate-limit']),
    jobStepMs: 3000, // started jobs run and write their logs, one step every 3 s
  });
  const token = sim.defaultToken;
  console.log(`GitLab simulator (${sim.profile.name}, ${sim.profile.version}) listening`);
  console.log(`  URL:      ${sim.url}`);
  console.log(`  API:      ${sim.apiUrl}`);
  console.log(`  user:     ${sim.state.mainUsername}`);
  console.log(`  token:    ${token}`);
  console.log(`  control:  ${sim.url}/__sim/state`);
  if (sim.caPem) {
    const caFile = join(tmpdir(), `gitlab-simulator-ca-${process.pid}.pem`);
    writeFileSync(caFile, sim.caPem);
    console.log(`  CA PEM:   ${caFile}   (curl --cacert ${caFile} …, or NODE_EXTRA_CA_CERTS=${caFile})`);
  }
  console.log(
    `Try: curl -H "PRIVATE-TOKEN: ${token}" ${sim.caPem ? '--cacert <CA PEM> ' : ''}"${sim.apiUrl}/projects?membership=true"`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: closing the simulator…`);
    sim.close().then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e) => {
  console.error(`gitlab-simulator: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
  process.exit(1);
});
