import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

describe('sim CLI (src/sim/main.ts)', function () {
  this.timeout(30000);

  it('prints kubeconfig, url and context, serves, and exits 0 on SIGTERM', async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-cli-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/sim/main.ts', '--scenario', 'tags-prod-canary', '--state-dir', stateDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (/context: .+\n/.test(out)) resolve();
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
      });
      const lines = Object.fromEntries(out.trim().split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
      assert.equal(lines.kubeconfig, path.join(stateDir, 'kubeconfig'));
      assert.match(lines.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(lines.context, 'sim-tags-prod-canary');
      const kubeconfig = fs.readFileSync(lines.kubeconfig, 'utf8');
      assert.match(kubeconfig, /current-context: sim-tags-prod-canary/);
      assert.match(kubeconfig, /name: sim-tags-prod-canary-restricted/);
      assert.match(kubeconfig, /certificate-authority-data: /);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
