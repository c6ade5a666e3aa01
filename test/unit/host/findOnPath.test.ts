import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findOnPath } from '../../../src/host/findOnPath';

describe('findOnPath', () => {
  it('finds the first executable file on PATH and skips non-executables and directories', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'path-'));
    try {
      const [a, b, c] = ['a', 'b', 'c'].map((d) => {
        const dir = path.join(root, d);
        fs.mkdirSync(dir);
        return dir;
      });
      fs.writeFileSync(path.join(a, 'istioctl'), 'x', { mode: 0o644 });
      fs.mkdirSync(path.join(b, 'istioctl'));
      fs.writeFileSync(path.join(c, 'istioctl'), '#!/bin/sh\n', { mode: 0o755 });
      const PATH = [a, '', b, c].join(path.delimiter);
      assert.equal(findOnPath('istioctl', { PATH }, 'linux'), path.join(c, 'istioctl'));
      assert.equal(findOnPath('istioctl', { PATH: a }, 'linux'), undefined);
      assert.equal(findOnPath('istioctl', {}, 'linux'), undefined);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
