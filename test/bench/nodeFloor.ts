// The CPU no client of Node's http can go below on this machine: the steady poll's own kind of request (a project's
// blocked deployments) sent with bare `http.request` through the same global agent, its answer read and parsed, and
// nothing else. The extension's CPU per request is printed next to it, so the machine's speed is out of the ratio.
import http from 'node:http';

export interface FloorTarget {
  url: string;
  token: string;
  projectIds: number[];
}

/** CPU ms per request of bare Node http, over `requests` requests in batches (`between` runs before each). */
export async function nodeHttpCpuPerRequest(
  target: FloorTarget,
  options: { requests: number; batch: number; concurrency: number; between: () => Promise<void> },
): Promise<number> {
  let cpuMicros = 0;
  let sent = 0;
  while (sent < options.requests) {
    await options.between();
    const batch = Math.min(options.batch, options.requests - sent);
    let next = 0;
    const cpu = process.cpuUsage();
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < batch) {
          const projectId = target.projectIds[(sent + next++) % target.projectIds.length];
          await bareGet(
            `${target.url}/api/v4/projects/${projectId}/deployments?status=blocked&order_by=id&sort=desc&per_page=100`,
            target.token,
          );
        }
      }),
    );
    const used = process.cpuUsage(cpu);
    cpuMicros += used.user + used.system;
    sent += batch;
  }
  return cpuMicros / 1000 / options.requests;
}

function bareGet(url: string, token: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { headers: { 'private-token': token, accept: 'application/json' } }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (error) {
          reject(error);
        }
      });
    });
    request.on('error', reject);
    request.end();
  });
}
