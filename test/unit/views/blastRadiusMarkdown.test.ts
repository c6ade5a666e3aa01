/** The preview's blast radius and traffic gate sections: every finding with what to do, cluster strings escaped. */
import { strict as assert } from 'node:assert';
import { DEFAULT_GATE_THRESHOLDS } from '../../../src/mesh/trafficGate';
import { blastRadiusMarkdown, gatePreviewMarkdown } from '../../../src/views/blastRadiusMarkdown';

describe('blast radius and traffic gate in the preview', () => {
  it('lists findings with their advice and the reads that failed; escapes what the cluster named', () => {
    const md = blastRadiusMarkdown({
      findings: [{ kind: 'pdb-violated', severity: 'warning', namespace: 'shop', objects: [], message: 'Deployment/<img src=x> breaks budget *x*', advice: 'Use `maxUnavailable: 0` | or not' }],
      problems: ['HorizontalPodAutoscalers could not be read (forbidden)'],
    }).join('\n');
    assert.match(md, /## Blast radius/);
    assert.ok(md.includes('- ⚠ Deployment/\\<img src=x\\> breaks budget \\*x\\* **What to do:** Use \\`maxUnavailable: 0\\` \\| or not'), md);
    assert.ok(md.includes('- ？ HorizontalPodAutoscalers could not be read (forbidden)'));
    assert.match(blastRadiusMarkdown({ findings: [], problems: [] }).join('\n'), /✔ No disruption budget/);
    assert.match(blastRadiusMarkdown(undefined).join('\n'), /_Not read\._/);
  });

  it('says where the gate reads Prometheus and how it judges, or that it is off and why', () => {
    const on = gatePreviewMarkdown({ prometheus: 'monitoring/prometheus-k8s:web (through the API server)', thresholds: DEFAULT_GATE_THRESHOLDS, windowSeconds: 300, soakSeconds: 60 }).join('\n');
    assert.match(on, /Prometheus: monitoring/);
    assert.match(on, /over the 300 s before its restart, against the 60 s after/);
    assert.match(on, /more than 1 percentage point, or p99 grows more than ×1.5 \(and by 10 ms or more\)/);
    assert.match(on, /Fewer than 100 requests/);
    const off = gatePreviewMarkdown({ off: 'no Prometheus found', offDetail: 'looked for istio-system/prometheus', thresholds: DEFAULT_GATE_THRESHOLDS, windowSeconds: 300, soakSeconds: 60 }).join('\n');
    assert.match(off, /⚠ Off: no Prometheus found \(looked for istio-system\/prometheus\)\. Proxies are verified, but nobody checks/);
  });
});
