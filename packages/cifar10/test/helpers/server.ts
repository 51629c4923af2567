// A local HTTP server for download tests: serves one body, honours Range, and can fail on purpose.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Behaviour {
  /** Status to answer for request n (0-based) instead of the body, e.g. [500, 500]. */
  statuses?: (number | undefined)[];
  /** Cut the connection after this many body bytes on request n. */
  cutAfter?: (number | undefined)[];
  /** Ignore Range headers (answer 200 with the whole body). */
  ignoreRange?: boolean;
  /** Delay in ms between body chunks (for cancellation tests). */
  chunkDelayMs?: number;
  /** On request n: send this many body bytes, then nothing more while keeping the connection open (-1: not even headers). */
  stallAfter?: (number | undefined)[];
}

export interface TestServer {
  url: string;
  requests: IncomingHttpHeaders[];
  close(): Promise<void>;
}

export async function serve(body: Buffer, behaviour: Behaviour = {}): Promise<TestServer> {
  const requests: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    const n = requests.length;
    requests.push(req.headers);
    const stall = behaviour.stallAfter?.[n];
    if (stall === -1) return; // never answer
    const status = behaviour.statuses?.[n];
    if (status !== undefined) {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(`status ${status}`);
      return;
    }
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range && !behaviour.ignoreRange) {
      start = Number(range[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` });
        res.end();
        return;
      }
      res.writeHead(206, { 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` });
    } else {
      res.writeHead(200, { 'content-length': body.length });
    }
    const cut = behaviour.cutAfter?.[n] ?? stall;
    const end = cut === undefined ? body.length : Math.min(body.length, start + cut);
    const chunk = 4096;
    let pos = start;
    const pump = (): void => {
      while (pos < end) {
        const next = Math.min(end, pos + chunk);
        const ok = res.write(body.subarray(pos, next));
        pos = next;
        if (behaviour.chunkDelayMs) {
          setTimeout(pump, behaviour.chunkDelayMs);
          return;
        }
        if (!ok) {
          res.once('drain', pump);
          return;
        }
      }
      if (stall !== undefined) {
        // keep the socket open, send nothing more
      } else if (cut !== undefined) {
        // Flush what was written, then drop the connection mid-body.
        setTimeout(() => res.socket?.destroy(), 50);
      } else {
        res.end();
      }
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/cifar-10-binary.tar.gz`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
