import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { localizedManifest } from '../../shared/localizedManifest';

const ROOT = path.resolve(__dirname, '..', '..', '..');

interface MenuEntry { command: string; when?: string; group?: string }
interface Manifest {
  contributes: {
    commands: { command: string; title: string; icon?: string }[];
    menus: Record<string, MenuEntry[]>;
    viewsWelcome: { view: string; when: string; contents: string }[];
    configuration: { properties: Record<string, { scope?: string }> };
  };
}
const manifest = localizedManifest() as Manifest;
const { menus } = manifest.contributes;

/** VS Code's rule (viewPane welcome rendering): a line that is nothing but one link becomes a button. */
const BUTTON_LINE = /^\[[^\]]+\]\([^)]+\)$/;
const PANEL_WHEN = "activeWebviewPanelId == 'istioCanary.proxyVersions'";

/** A `viewItem =~ /…/` when-clause's regex, to test against real contextValues. */
function viewItemRegex(when: string): RegExp {
  const m = /viewItem =~ \/(.+)\/(\w*)/.exec(when);
  assert.ok(m, `no viewItem regex in ${when}`);
  return new RegExp(m[1], m[2]);
}

describe('package.json follows the UX guidelines', () => {
  it('each welcome view has one button at most; other actions are links inside its text', () => {
    for (const w of manifest.contributes.viewsWelcome) {
      const lines = w.contents.split('\n').map((l) => l.trim()).filter(Boolean);
      const buttons = lines.filter((l) => BUTTON_LINE.test(l));
      assert.ok(buttons.length <= 1, `${w.when}: ${buttons.length} buttons: ${buttons.join(', ')}`);
      if (w.when !== 'istioCanary.state == loading') assert.equal(buttons.length, 1, `${w.when} has no button`);
      const links = lines.filter((l) => !BUTTON_LINE.test(l)).flatMap((l) => [...l.matchAll(/\]\((command:[^)]+)\)/g)].map((m) => m[1]));
      if (w.when !== 'istioCanary.state == loading') assert.ok(links.length >= 2, `${w.when}: the other actions should be links`);
    }
  });

  it('"Remove Old Revision…" is on unused revisions only (its palette path keeps the refusal)', () => {
    const entries = menus['view/item/context'].filter((m) => m.command === 'istioCanary.removeRevision');
    assert.equal(entries.length, 1);
    const re = viewItemRegex(entries[0].when ?? '');
    assert.ok(re.test('istioCanary.revision unused'));
    assert.ok(re.test('istioCanary.revision default unused external'));
    assert.ok(!re.test('istioCanary.revision inUse'));
    assert.ok(!re.test('istioCanary.revision default inUse sail'));
    assert.ok(!menus.commandPalette.some((m) => m.command === 'istioCanary.removeRevision' && m.when === 'false'));
  });

  it('palette entries that need a cluster wait for istioCanary.clusterLoaded; the ways to get one stay visible', () => {
    const when = (id: string): string | undefined => menus.commandPalette.find((m) => m.command === id)?.when;
    for (const id of ['migrateNamespaces', 'upgradeWave', 'verifyNamespaces', 'rollBack', 'setRevisionTag', 'removeRevision', 'precheck', 'showProxyVersions', 'moveGateway', 'installRevisionHelper']) {
      assert.equal(when(`istioCanary.${id}`), 'istioCanary.clusterLoaded', id);
    }
    for (const id of ['tryDemoMesh', 'refresh', 'openWalkthrough', 'connectCluster', 'showJournal', 'showLog', 'selectKubeconfig']) {
      assert.equal(when(`istioCanary.${id}`), undefined, `${id} must stay in the palette`);
    }
  });

  it('the Proxy versions panel has its actions in the editor title, only for its viewType', () => {
    const title = menus['editor/title'].filter((m) => m.command.startsWith('istioCanary.panel.'));
    assert.deepEqual(title.map((m) => m.command).sort(), ['istioCanary.panel.copyMarkdown', 'istioCanary.panel.resetBaseline', 'istioCanary.panel.saveReport', 'istioCanary.panel.verify']);
    for (const m of title) {
      assert.equal(m.when, PANEL_WHEN);
      assert.match(m.group ?? '', /^navigation/);
      assert.ok(manifest.contributes.commands.find((c) => c.command === m.command)?.icon, `${m.command} has no icon`);
      assert.equal(menus.commandPalette.find((p) => p.command === m.command)?.when, PANEL_WHEN);
    }
    for (const f of ['proxy-versions-light.svg', 'proxy-versions-dark.svg']) assert.ok(fs.existsSync(path.join(ROOT, 'media', f)), f);
  });

  it('the tool paths are machine-scoped (a workspace cannot point them at a program)', () => {
    const props = manifest.contributes.configuration.properties;
    assert.equal(props['istioCanary.helmPath']?.scope, 'machine');
    assert.equal(props['istioCanary.istioctlPath']?.scope, 'machine');
  });
});
