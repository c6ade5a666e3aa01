/** LIST: label selectors (equality, inequality, set-based, existence) and paging with limit/continue. */
import { strict as assert } from 'node:assert';
import { clusterError, configMap, createNamespace, type EnvRef } from './contractTarget';
import { rawOk } from './rawApi';

const NS = 'ct-list';
const LABELLED: Record<string, Record<string, string>> = {
  'cm-a': { tier: 'web', env: 'prod' },
  'cm-b': { tier: 'web', env: 'dev' },
  'cm-c': { tier: 'db', env: 'prod' },
  'cm-d': { tier: 'cache' },
  'cm-e': {},
};
const PAGED = ['page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'page-5', 'page-6'];

interface RawList {
  metadata: { continue?: string; resourceVersion?: string; remainingItemCount?: number };
  items: { metadata: { name: string } }[];
}

export function listCases(env: EnvRef): void {
  describe('list', () => {
    before(async () => {
      const e = env();
      await createNamespace(e, NS);
      for (const [name, labels] of Object.entries(LABELLED)) await e.client.create('configmaps', configMap(NS, name, { ct: 'list', ...labels }));
      for (const name of PAGED) await e.client.create('configmaps', configMap(NS, name, { ct: 'paged' }));
    });

    const names = async (labelSelector: string, namespace: string | undefined = NS) =>
      (await env().client.list('configmaps', { namespace, labelSelector: `ct=list,${labelSelector}` })).items.map((c) => c.metadata.name).sort();

    const cases: [string, string[]][] = [
      ['tier=web', ['cm-a', 'cm-b']],
      ['tier==web', ['cm-a', 'cm-b']],
      ['env!=prod', ['cm-b', 'cm-d', 'cm-e']],
      ['tier in (web,db)', ['cm-a', 'cm-b', 'cm-c']],
      ['tier notin (web,db)', ['cm-d', 'cm-e']],
      ['!env', ['cm-d', 'cm-e']],
      ['env', ['cm-a', 'cm-b', 'cm-c']],
      ['env=prod,tier=web', ['cm-a']],
      ['env,!tier', []],
    ];
    for (const [selector, expected] of cases) {
      it(`selects "${selector}"`, async () => {
        assert.deepEqual(await names(selector), expected);
      });
    }

    it('applies a selector across all namespaces', async () => {
      assert.deepEqual(await names('env in (prod)', undefined), ['cm-a', 'cm-c']);
    });

    it('rejects a malformed selector with 400 (kind invalid)', async () => {
      const err = await clusterError(() => env().client.list('configmaps', { namespace: NS, labelSelector: 'tier in (web' }));
      assert.equal(err.kind, 'invalid');
      assert.equal(err.status, 400);
      assert.match(err.message, /^invalid: unable to parse requirement: /);
    });

    it('pages with limit/continue and returns every item exactly once, in key order', async () => {
      const r = await env().client.list('configmaps', { namespace: NS, labelSelector: 'ct=paged', pageSize: 3 });
      assert.deepEqual(r.items.map((c) => c.metadata.name), PAGED);
      assert.equal(r.requests, 3);
      assert.match(r.resourceVersion, /^\d+$/);
    });

    it('hands each page to onPage as it arrives: the pages, in order, are the result', async () => {
      const pages: string[][] = [];
      const r = await env().client.list('configmaps', {
        namespace: NS, labelSelector: 'ct=paged', pageSize: 3, trim: true,
        onPage: (items, page) => {
          assert.equal(page.restarted, false);
          pages.push(items.map((c) => c.metadata.name));
        },
      });
      assert.deepEqual(pages, [PAGED.slice(0, 3), PAGED.slice(3, 6), PAGED.slice(6)]);
      assert.deepEqual(r.items.map((c) => c.metadata.name), PAGED);
    });

    it('stops paging when the last page is full and nothing follows', async () => {
      const r = await env().client.list('configmaps', { namespace: NS, labelSelector: 'ct in (paged)', pageSize: 7 });
      assert.equal(r.items.length, 7);
      assert.equal(r.requests, 1);
    });

    it('serves continue pages from the first page\'s snapshot', async () => {
      const e = env();
      const base = `/api/v1/namespaces/${NS}/configmaps?labelSelector=ct%3Dpaged&limit=3`;
      const first = (await rawOk(e.raw, 'GET', base)) as RawList;
      assert.ok(first.metadata.continue, 'first page has a continue token');
      assert.equal(first.metadata.remainingItemCount, undefined, 'no remainingItemCount with a selector');
      await e.client.create('configmaps', configMap(NS, 'page-9', { ct: 'paged' }));
      await e.client.delete('configmaps', 'page-5', NS);
      try {
        const rest: string[] = [];
        let token: string | undefined = first.metadata.continue;
        while (token) {
          const page = (await rawOk(e.raw, 'GET', `${base}&continue=${encodeURIComponent(token)}`)) as RawList;
          assert.equal(page.metadata.resourceVersion, first.metadata.resourceVersion, 'every page carries the snapshot\'s resourceVersion');
          rest.push(...page.items.map((i) => i.metadata.name));
          token = page.metadata.continue;
        }
        assert.deepEqual([...first.items.map((i) => i.metadata.name), ...rest], PAGED);
      } finally {
        await e.client.create('configmaps', configMap(NS, 'page-5', { ct: 'paged' }));
        await e.client.delete('configmaps', 'page-9', NS);
      }
    });

    it('counts the remaining items of an unfiltered page', async () => {
      const e = env();
      const page = (await rawOk(e.raw, 'GET', '/api/v1/namespaces?limit=1')) as RawList;
      const all = await e.client.list('namespaces');
      assert.ok(page.metadata.continue);
      assert.equal(page.metadata.remainingItemCount, all.items.length - 1);
    });

    it('lists nothing (200) in a namespace that does not exist', async () => {
      const r = await env().client.list('configmaps', { namespace: 'ct-no-such-namespace' });
      assert.deepEqual(r.items, []);
    });
  });
}
