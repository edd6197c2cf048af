// Small HTTP servers on loopback for transport tests that need answers the simulator does not give: a page that never
// ends, a body one byte a second, a header-perfect lie. Each records what it received, the headers included.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export type LoopbackHandler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

export async function startLoopbackServer(handler: LoopbackHandler): Promise<LoopbackServer> {
  const received: ReceivedRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((request, response) => {
    received.push({ method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers });
    request.resume();
    handler(request, response);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers JSON with the given status and extra headers. */
export function json(
  response: http.ServerResponse,
  body: unknown,
  status = 200,
  headers: http.OutgoingHttpHeaders = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** Starts a server for one `describe` block; `ctx.server` is ready in each test. */
export function useLoopbackServer(handler: LoopbackHandler): { server: LoopbackServer } {
  const ctx = {} as { server: LoopbackServer };
  before(async () => {
    ctx.server = await startLoopbackServer((request, response) => handler(request, response));
  });
  beforeEach(() => {
    ctx.server.received.length = 0;
  });
  after(() => ctx.server?.close());
  return ctx;
}
