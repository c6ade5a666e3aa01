/**
 * Istio's Prometheus addon (istio/istio samples/addons/prometheus.yaml, istio-model.md M16.1): Deployment and
 * Service `prometheus` in istio-system, port `http` 9090. The simulator answers its HTTP API through the service
 * proxy from its synthetic traffic (src/sim/prometheus).
 */
import type { KubeObject } from '../core/types';

export function prometheusAddon(namespace = 'istio-system'): KubeObject[] {
  const labels = { app: 'prometheus', component: 'server', 'app.kubernetes.io/name': 'prometheus' };
  return [
    {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'prometheus', namespace, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'prometheus', component: 'server' } },
        template: {
          metadata: { labels: { ...labels, 'sidecar.istio.io/inject': 'false' } },
          spec: {
            containers: [{
              name: 'prometheus-server', image: 'prom/prometheus:v2.54.1',
              args: ['--storage.tsdb.retention.time=6h', '--config.file=/etc/config/prometheus.yml'],
              ports: [{ containerPort: 9090 }],
              readinessProbe: { httpGet: { path: '/-/ready', port: 9090 }, periodSeconds: 5 },
            }],
          },
        },
      },
    },
    {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: 'prometheus', namespace, labels },
      spec: { selector: { app: 'prometheus', component: 'server' }, ports: [{ name: 'http', port: 9090, targetPort: 9090 }] },
    },
  ];
}
