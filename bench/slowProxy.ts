/** Loopback servers for the fleet figure: an HTTPS proxy that answers every request late, and a black hole. */
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeServingCerts } from '../src/sim/certs';

export interface Loopback {
  url: string;
  /** CA of the proxy's serving certificate (PEM); absent for the black hole. */
  caPem?: string;
  close(): Promise<void>;
}

/** Forwards to `upstream` (trusting `upstreamCa`) and holds each response back `delayMs`. */
export async function startSlowProxy(upstream: string, upstreamCa: string, delayMs: number): Promise<Loopback> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-proxy-'));
  const certs = await makeServingCerts(dir);
  const agent = new https.Agent({ keepAlive: true, ca: upstreamCa });
  const server = https.createServer({ cert: certs.certPem, key: certs.keyPem }, (req, res) => {
    const out = https.request(upstream + (req.url ?? '/'), { method: req.method, headers: { ...req.headers, host: new URL(upstream).host }, agent }, (up) => {
      setTimeout(() => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      }, delayMs);
    });
    out.on('error', (e) => { res.writeHead(502); res.end(String(e)); });
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    caPem: certs.caPem,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      agent.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Accepts TCP connections and never sends a byte. */
export async function startBlackHole(): Promise<Loopback> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
