// A small forward proxy on loopback for the real-host proxy test: CONNECT tunnels (https) and absolute-form requests
// (plain http). Host names in `hosts` are resolved to the given address, so an instance can use a name that does not
// exist in DNS: a request that bypassed the proxy would fail, and every one that arrives came through here.
import * as http from 'node:http';
import * as net from 'node:net';

export interface ConnectProxy {
  /** `http://127.0.0.1:<port>`, for `http.proxy`. */
  url: string;
  /** `host:port` of every CONNECT tunnel opened, in order. */
  tunnels: string[];
  /** Absolute URLs of plain-http requests forwarded. */
  forwarded: string[];
  close(): Promise<void>;
}

export async function startConnectProxy(hosts: Record<string, string>): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const forwarded: string[] = [];
  const sockets = new Set<net.Socket>();
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
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
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
    forwarded,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}
