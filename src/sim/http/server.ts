/** The HTTPS front: authentication, routing, discovery and error bodies around the resource handler. */
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClusterApi } from '../core/clusterApi';
import { genericServerResponse } from '../core/errors';
import { Authenticator, authorizePath, type SimUser } from './auth';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, VERSION_INFO } from './discovery';
import { ResourceHandler } from './resourceHandler';
import { readBody } from './requestBody';
import { sendError, sendJson, sendStatus, sendText } from './responses';
import { parsePath } from './router';
import { podProxy } from './podProxy';
import { serviceProxy } from './serviceProxy';
import type { TrafficModel } from '../prometheus/trafficModel';
import { WatchHub, type WatchSettings } from './watchStream';

export interface HttpServerOptions {
  port: number;
  cert: string;
  key: string;
  users: Map<string, SimUser>;
  watch: WatchSettings;
  /** Sees every request as it arrives (tests count the writes a command sent). */
  onRequest?: (method: string, url: string) => void;
  /** The synthetic Istio traffic a Prometheus Service answers about (services/…/proxy). */
  traffic?: TrafficModel;
}

/**
 * Fault injection for tests: runs before a request is handled. Resolve to handle it (late, if it waited), reject
 * to fail it with that error (not applied). The client may be gone by then: a held write is still applied.
 */
export type RequestHook = (request: { method: string; path: string }) => Promise<void> | void;

export class SimHttpServer {
  private readonly server: https.Server;
  private readonly auth: Authenticator;
  private readonly watches: WatchHub;
  private readonly resources: ResourceHandler;
  requestHook?: RequestHook;

  constructor(private readonly api: ClusterApi, private readonly options: HttpServerOptions) {
    this.auth = new Authenticator(options.users);
    this.watches = new WatchHub(api.store, options.watch);
    this.resources = new ResourceHandler(api, this.watches);
    this.server = https.createServer({ cert: options.cert, key: options.key, keepAliveTimeout: 30_000 }, (req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) sendError(res, e);
        else res.end();
      });
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, '127.0.0.1', () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  async close(): Promise<void> {
    this.watches.closeAll();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.options.onRequest?.(req.method ?? '', req.url ?? '');
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    if (this.requestHook) {
      // The body is in before the hook waits: a write held past its client's death is still applied.
      if (req.method !== 'GET' && req.method !== 'HEAD') await readBody(req).catch(() => '');
      await this.requestHook({ method: req.method ?? 'GET', path: url.pathname });
    }
    let user: SimUser;
    try {
      user = this.auth.authenticate(req.headers.authorization);
    } catch (e) {
      sendError(res, e);
      return;
    }
    const route = parsePath(url.pathname, this.api.resources);
    if (route.kind !== 'resource') authorizePath(user, url.pathname.replace(/\/+$/, '') || '/');
    switch (route.kind) {
      case 'text':
        sendText(res, 200, route.body);
        return;
      case 'version':
        sendJson(res, 200, VERSION_INFO);
        return;
      case 'discovery':
        sendJson(res, 200, this.discovery(route.doc, route.group, route.version));
        return;
      case 'notFoundStatus':
        sendStatus(res, genericServerResponse(404, '404 page not found').status);
        return;
      case 'notFoundText':
        sendText(res, 404, '404 page not found\n');
        return;
      case 'resource':
        await this.resources.handle(req, res, route, user, url.searchParams);
        return;
      case 'podProxy':
      case 'serviceProxy': {
        const r = route.kind === 'podProxy'
          ? podProxy(this.api.store, route.namespace, route.target, route.path)
          : serviceProxy(this.api.store, this.options.traffic, route.namespace, route.target, route.path, url.searchParams);
        if (r.json !== undefined) sendJson(res, r.status, r.json);
        else sendText(res, r.status, r.text ?? '');
        return;
      }
    }
  }

  private discovery(doc: 'api' | 'apis' | 'group' | 'groupVersion', group: string, version: string): object {
    const address = this.server.address() as AddressInfo | null;
    switch (doc) {
      case 'api':
        return apiVersions(`127.0.0.1:${address?.port ?? 0}`);
      case 'apis':
        return apiGroupList(this.api.resources);
      case 'group':
        return apiGroup(this.api.resources, group);
      case 'groupVersion':
        return apiResourceList(this.api.resources, group, version);
    }
  }
}
