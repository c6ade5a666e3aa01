/**
 * code-server's install must see Node 24 even when an npm script running on another Node started it: the outer
 * npm exports NODE, npm_config_nodedir and npm_config_user_agent (which code-server's postinstall reads), and a
 * nested `npm install` inherits them. scripts/vscode/node24.sh is what ensureCodeServer.sh runs the install with.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(REPO, 'scripts', 'vscode', 'node24.sh');

/** A Node 20 look-alike: bin/node answers version questions with 20.11.0, include/node has 20.11.0 headers. */
function otherNode(root: string): string {
  const dir = path.join(root, 'node20');
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'include', 'node'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'bin', 'node'), '#!/bin/sh\ncase "$*" in *-v*) echo v20.11.0 ;; *) echo 20.11.0 ;; esac\n', { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'include', 'node', 'node_version.h'),
    '#define NODE_MAJOR_VERSION 20\n#define NODE_MINOR_VERSION 11\n#define NODE_PATCH_VERSION 0\n');
  return dir;
}

/** The environment an npm script gets from an npm running on `node`: its Node first, exported, and its headers. */
function npmLikeEnv(node: string, cache: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${path.join(REPO, 'node_modules', '.bin')}${path.delimiter}${path.join(node, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    NODE: path.join(node, 'bin', 'node'),
    npm_node_execpath: path.join(node, 'bin', 'node'),
    npm_config_nodedir: node,
    npm_config_user_agent: 'npm/11.19.1 node/v20.11.0 linux x64 workspaces/false',
    npm_lifecycle_event: 'test:prepare',
    RIG_CACHE: cache,
  };
}

function parse(out: string): Record<string, string> {
  return Object.fromEntries(out.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

describe('code-server install: Node selection under npm (scripts/vscode/node24.sh)', function () {
  this.timeout(30_000);
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'node24-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('picks Node 24 with matching headers and hides the outer npm\'s Node from the nested install', () => {
    const node20 = otherNode(root);
    const got = parse(execFileSync('bash', [SCRIPT, '--print'], { env: npmLikeEnv(node20, path.join(root, 'cache')), encoding: 'utf8' }));
    assert.match(got.version, /^24\.\d+\.\d+$/);
    assert.equal(got.headers, got.version, `headers in ${got.dir} must match the binary`);
    assert.equal(got.node, got.version, '`node` inside the nested environment is Node 24');
    assert.equal(got.nodedir, got.dir, 'node-gyp builds against Node 24\'s headers');
    assert.notEqual(got.nodedir, node20);
    assert.equal(got.NODE, '<unset>', 'the outer npm\'s NODE is not inherited');
    assert.match(got.user_agent, new RegExp(`\\bnode/v${got.version.replace(/\./g, '\\.')}\\b`), 'what code-server\'s postinstall reads');
  });

  it('the npm-like environment of this test does reproduce the failure without it', () => {
    // Sanity check of the test itself: a nested npm started plainly from that environment reports Node 20.
    const node20 = otherNode(root);
    const ua = execFileSync('npm', ['exec', '--yes=false', '-c', 'echo "$npm_config_user_agent"'], {
      env: npmLikeEnv(node20, path.join(root, 'cache')), encoding: 'utf8', cwd: root,
    }).trim();
    assert.match(ua, /node\/v20\./);
  });
});
