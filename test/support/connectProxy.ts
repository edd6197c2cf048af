// A small forward proxy on loopback for the proxy tests: CONNECT tunnels (https) and absolute-form requests (plain
// http). Host names in `hosts` are resolved to the given address, so an instance can use a name that does not exist in
// DNS: a request that bypassed the proxy would fail, and every one that arrives came through here. `stall()` makes it
// accept connections and CONNECT requests but never answer them (a proxy that hangs); `recover()` ends that.
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as tls from 'node:tls';

export interface ConnectProxy {
  /** `http://127.0.0.1:<port>`, for `http.proxy`. */
  url: string;
  /** `host:port` of every CONNECT tunnel opened, in order. */
  tunnels: string[];
  /** `host:port` of every CONNECT received while stalled (held open, never answered). */
  unanswered: string[];
  /** Absolute URLs of plain-http requests forwarded. */
  forwarded: string[];
  /**
   * From now on, CONNECT requests are held open and never answered; tunnels already open are closed (as by a proxy that
   * restarted and hangs), so no request slips through one kept alive.
   */
  stall(): void;
  /** From now on, CONNECT requests are answered again (those held stay unanswered). */
  recover(): void;
  /** Resolves once `count` CONNECT requests have been held unanswered in all. */
  heldAtLeast(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startConnectProxy(hosts: Record<string, string>): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const unanswered: string[] = [];
  const forwarded: string[] = [];
  const sockets = new Set<net.Socket>();
  const tunnelSockets = new Set<net.Socket>();
  const heldWaiters: { count: number; done: () => void }[] = [];
  let stalled = false;
  const resolve = (host: string) => hosts[host.toLowerCase()] ?? host;
  const server = http.createServer((request, response) => {
    const target = new URL(request.url ?? '/');
    forwarded.push(target.href);
    const upstream = http.request(
      {
        host: resolve(target.hostname),
        port: target.port || 80,
        path: `${target.pathname}${target.search}`,
        method: request.method,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    client.on('error', () => undefined);
    if (stalled) {
      unanswered.push(request.url ?? '');
      for (const waiter of heldWaiters.filter((w) => unanswered.length >= w.count)) {
        heldWaiters.splice(heldWaiters.indexOf(waiter), 1);
        waiter.done();
      }
      return; // the connection stays open (until the client or close() ends it), with no answer
    }
    const [host, port] = (request.url ?? '').split(':');
    tunnels.push(request.url ?? '');
    const upstream = net.connect(Number(port), resolve(host), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      tunnelSockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        tunnelSockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    unanswered,
    forwarded,
    stall: () => {
      stalled = true;
      for (const socket of tunnelSockets) socket.destroy();
    },
    recover: () => (stalled = false),
    heldAtLeast: (count) =>
      unanswered.length >= count ? Promise.resolve() : new Promise((done) => heldWaiters.push({ count, done })),
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}

/**
 * An https agent that opens every connection through the proxy with CONNECT, as VS Code's proxy agent does in the
 * extension host (for plain-Node tests). Like that agent it hands the request its socket only once the proxy has
 * answered: until then the request has no socket at all.
 */
export function tunnellingAgent(proxyUrl: string): https.Agent {
  const proxy = new URL(proxyUrl);
  const agent = new https.Agent({ keepAlive: false });
  type Callback = (error: Error | null, socket?: net.Socket) => void;
  const createConnection = (options: tls.ConnectionOptions & { host?: string; port?: number }, done: Callback) => {
    const target = `${options.host}:${options.port}`;
    const raw = net.connect(Number(proxy.port), proxy.hostname, () =>
      raw.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`),
    );
    let head = '';
    raw.on('error', (error) => done(error));
    raw.on('data', function onData(chunk: Buffer) {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      raw.off('data', onData);
      if (!/^HTTP\/1\.[01] 200/.test(head)) return done(new Error(`the proxy refused: ${head.split('\r\n')[0]}`));
      done(null, tls.connect({ ...options, socket: raw, servername: options.servername || options.host }));
    });
    return undefined;
  };
  (agent as unknown as { createConnection: typeof createConnection }).createConnection = createConnection;
  return agent;
}
