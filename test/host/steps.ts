// Small process helpers for the test-host scripts: timed steps and child processes that fail loudly.
import { spawn, type SpawnOptions } from 'node:child_process';

export async function step<T>(label: string, action: () => Promise<T>): Promise<T> {
  const started = Date.now();
  process.stdout.write(`[test-host] ${label} … `);
  try {
    const result = await action();
    process.stdout.write(`done (${seconds(started)})\n`);
    return result;
  } catch (error) {
    process.stdout.write(`FAILED (${seconds(started)})\n`);
    throw error;
  }
}

export function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/**
 * Runs a command with its output captured; on failure the error carries the command and the
 * output's tail, because the reason is almost always in the last lines (npm, node-gyp, apt).
 */
export function runCommand(command: string, args: string[], options: SpawnOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => reject(new Error(`cannot run ${command}: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(output);
      const tail = output.trim().split('\n').slice(-40).join('\n');
      const where = options.cwd ? ` (in ${String(options.cwd)})` : '';
      reject(new Error(`\`${[command, ...args].join(' ')}\`${where} exited with ${code ?? signal}:\n${tail}`));
    });
  });
}
