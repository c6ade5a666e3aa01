/** The Prometheus client: the API envelope checked, both transports, discovery of the usual Services, served versions. */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClusterClient, ServiceProxyTarget } from '../../../src/kube/clusterClient';
import { ClusterError } from '../../../src/kube/clusterError';
import { PrometheusError, parseMatrix, parseVector, sampleValue } from '../../../src/kube/prometheus/prometheusClient';
import { findPrometheus, prometheusPort } from '../../../src/kube/prometheus/prometheusDiscovery';
import { prometheusViaService } from '../../../src/kube/prometheus/prometheusViaService';
import { parsePrometheusUrl, prometheusViaUrl } from '../../../src/kube/prometheus/prometheusViaUrl';
import { servedVersion } from '../../../src/kube/servedVersion';
import type { KService } from '../../../src/mesh/kubeObjects';

const VECTOR = { status: 'success', data: { resultType: 'vector', result: [
  { metric: { destination_workload: 'cart' }, value: [1700000000, '12.5'] },
  { metric: { destination_workload: 'web' }, value: [1700000000, 'NaN'] },
  { metric: { destination_workload: 'bad' }, value: [1700000000, 'x'] },
] } };

function rejectsWith(kind: PrometheusError['kind'], pattern: RegExp): (e: unknown) => boolean {
  return (e) => e instanceof PrometheusError && e.kind === kind && pattern.test(e.message);
}

describe('Prometheus client: responses', () => {
  it('reads vectors and matrices, values as Prometheus writes them', () => {
    assert.deepEqual(parseVector(VECTOR, 'p').map((s) => [s.metric.destination_workload, s.value]), [['cart', 12.5], ['web', NaN]]);
    assert.deepEqual(parseMatrix({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1, '1'], [2, '+Inf'], [3, 'oops']] }] } }, 'p'), [{ metric: {}, values: [[1, 1], [2, Infinity]] }]);
    assert.equal(sampleValue('-Inf'), -Infinity);
    assert.equal(sampleValue(''), undefined);
  });

  it('an error envelope, a wrong result type or garbage is a PrometheusError, never data', () => {
    assert.throws(() => parseVector({ status: 'error', errorType: 'bad_data', error: 'parse error' }, 'p'), rejectsWith('badQuery', /bad_data: parse error/));
    assert.throws(() => parseVector({ status: 'success', data: { resultType: 'matrix', result: [] } }, 'p'), rejectsWith('badResponse', /expected a vector/));
    assert.throws(() => parseVector('<html>login</html>', 'p'), rejectsWith('badResponse', /not a Prometheus API response/));
    assert.throws(() => parseVector({ status: 'success' }, 'p'), rejectsWith('badResponse', /no data.result/));
  });
});

describe('Prometheus client: through the service proxy', () => {
  it('sends the query to the Service and maps the API server\'s refusals', async () => {
    const calls: unknown[][] = [];
    let answer: () => unknown = () => VECTOR;
    const client = {
      context: 'c',
      async serviceProxyGet(...args: unknown[]) {
        calls.push(args);
        return answer();
      },
    } as unknown as ClusterClient;
    const p = prometheusViaService(client, { namespace: 'istio-system', service: { name: 'prometheus', port: 'http' } });
    assert.equal(p.where, 'istio-system/prometheus:http (through the API server)');
    const at = new Date(1_700_000_000_123);
    assert.equal((await p.query('up', at)).length, 2);
    assert.deepEqual(calls[0].slice(0, 4), ['istio-system', { name: 'prometheus', port: 'http' }, 'api/v1/query', { query: 'up', time: '1700000000.123' }]);
    answer = () => { throw new ClusterError({ context: 'c', kind: 'forbidden', status: 403, message: 'forbidden: cannot get services/proxy' }); };
    await assert.rejects(p.query('up', at), rejectsWith('forbidden', /get on services\/proxy in istio-system/));
    answer = () => { throw new ClusterError({ context: 'c', kind: 'unknown', status: 503, message: 'no endpoints available for service "prometheus"' }); };
    await assert.rejects(p.query('up', at), rejectsWith('unreachable', /no endpoints available/));
    await assert.rejects(prometheusViaService({ context: 'c' } as unknown as ClusterClient, { namespace: 'n', service: { name: 'p' } }).query('up', at), rejectsWith('unreachable', /cannot use the service proxy/));
  });

  it('finds the first of the usual Services and picks its web port', async () => {
    const services: Record<string, KService> = {
      'monitoring/prometheus-k8s': { metadata: { name: 'prometheus-k8s', namespace: 'monitoring' }, spec: { ports: [{ name: 'reloader-web', port: 8080 }, { name: 'web', port: 9090 }] } },
    };
    const client = {
      context: 'c',
      async get(_kind: string, name: string, namespace: string) {
        const s = services[`${namespace}/${name}`];
        if (s) return s;
        throw new ClusterError({ context: 'c', kind: name === 'prometheus-server' && namespace === 'prometheus' ? 'forbidden' : 'notFound', message: `no ${name}` });
      },
    } as unknown as ClusterClient;
    const found = await findPrometheus(client);
    assert.deepEqual(found, { found: true, target: { namespace: 'monitoring', service: { name: 'prometheus-k8s', port: 'web' } } });
    delete services['monitoring/prometheus-k8s'];
    const none = await findPrometheus(client);
    assert.equal(none.found, false);
    assert.ok(!none.found && none.tried.includes('istio-system/prometheus') && none.problems.length === 1 && /prometheus\/prometheus-server: no prometheus-server/.test(none.problems[0]));
    const port = (ports: NonNullable<KService['spec']>['ports']): ServiceProxyTarget['port'] => prometheusPort({ metadata: { name: 'p' }, spec: { ports } });
    assert.equal(port([{ port: 80, targetPort: 9090 }]), 80);
    assert.equal(port([{ name: 'metrics', port: 8080 }, { name: 'x', port: 9090 }]), 'x');
    assert.equal(port([]), undefined);
  });
});

describe('Prometheus client: at a URL', () => {
  let server: http.Server;
  let base = '';
  const seen: { url: string; auth?: string }[] = [];
  let reply: (res: http.ServerResponse) => void = (res) => res.end(JSON.stringify(VECTOR));

  before(async () => {
    server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization });
      reply(res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('queries below the URL\'s path, sends a user and password as Basic auth and never shows them', async () => {
    const port = new URL(base).port;
    const p = prometheusViaUrl(`http://ana:s3cret@127.0.0.1:${port}/prom`);
    assert.equal(p.where, `http://<redacted>@127.0.0.1:${port}/prom`);
    seen.length = 0;
    assert.equal((await p.query('up{a="b"}', new Date(5000))).length, 2);
    assert.deepEqual(seen, [{ url: '/prom/api/v1/query?query=up%7Ba%3D%22b%22%7D&time=5.000', auth: `Basic ${Buffer.from('ana:s3cret').toString('base64')}` }]);
    // A range query must answer a matrix: the vector it got is a bad response, not data.
    await assert.rejects(p.queryRange('up', new Date(1000), new Date(61_000), 15), rejectsWith('badResponse', /expected a matrix/));
    assert.match(seen[1].url, /^\/prom\/api\/v1\/query_range\?query=up&start=1\.000&end=61\.000&step=15$/);
  }).timeout(10_000);

  it('maps HTTP failures: 400 with Prometheus\'s error, 401, 503, nothing listening, too slow', async () => {
    reply = (res) => { res.statusCode = 400; res.end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error at char 3' })); };
    await assert.rejects(prometheusViaUrl(base).query('x(', new Date()), rejectsWith('badQuery', /HTTP 400: bad_data: parse error at char 3/));
    reply = (res) => { res.statusCode = 401; res.end('Unauthorized'); };
    await assert.rejects(prometheusViaUrl(base).query('up', new Date()), rejectsWith('forbidden', /HTTP 401: Unauthorized/));
    reply = (res) => { res.statusCode = 503; res.end(); };
    await assert.rejects(prometheusViaUrl(base).query('up', new Date()), rejectsWith('unreachable', /HTTP 503/));
    reply = () => undefined;
    await assert.rejects(prometheusViaUrl(base, { timeoutMs: 200 }).query('up', new Date()), rejectsWith('timeout', /no answer within/));
    await assert.rejects(prometheusViaUrl('http://127.0.0.1:1').query('up', new Date()), rejectsWith('unreachable', /cannot connect/));
    reply = (res) => res.end(JSON.stringify(VECTOR));
  }).timeout(10_000);

  it('refuses what is not an http(s) URL', () => {
    assert.throws(() => parsePrometheusUrl('prometheus:9090'), rejectsWith('badQuery', /http:\/\/ or https:\/\//));
    assert.throws(() => parsePrometheusUrl('not a url'), rejectsWith('badQuery', /not a URL/));
    assert.equal(parsePrometheusUrl('https://p.example/').where, 'https://p.example');
  });
});

describe('served versions', () => {
  it('takes the newest version whose discovery lists the resource', async () => {
    const served: Record<string, string[] | undefined> = { 'policy/v1beta1': ['poddisruptionbudgets', 'podsecuritypolicies'], 'autoscaling/v1': ['horizontalpodautoscalers'] };
    const client = { context: 'c', discover: async (g: string, v: string) => served[`${g}/${v}`] } as unknown as ClusterClient;
    assert.equal(await servedVersion(client, 'policy', 'poddisruptionbudgets', ['v1', 'v1beta1']), 'v1beta1');
    assert.equal(await servedVersion(client, 'autoscaling', 'horizontalpodautoscalers', ['v2', 'v2beta2', 'v1']), 'v1');
    assert.equal(await servedVersion(client, 'batch', 'cronjobs', ['v1']), undefined);
    assert.equal(await servedVersion({ context: 'c' } as unknown as ClusterClient, 'policy', 'poddisruptionbudgets', ['v1', 'v1beta1']), 'v1');
  });
});
