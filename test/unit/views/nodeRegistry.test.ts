import { strict as assert } from 'node:assert';
import { NodeRegistry } from '../../../src/views/nodeRegistry';

abstract class Node {
  constructor(readonly id: string) {}
  abstract refreshFrom(fresh: this): void;
}
class Namespace extends Node {
  constructor(id: string, public revision: string) {
    super(id);
  }
  refreshFrom(fresh: this): void {
    this.revision = fresh.revision;
  }
}
class Message extends Node {
  constructor(id: string, public text: string) {
    super(id);
  }
  refreshFrom(fresh: this): void {
    this.text = fresh.text;
  }
}

describe('NodeRegistry', () => {
  it('hands out the instance it handed out before, with the fresh data', () => {
    const r = new NodeRegistry<Node>();
    const [first] = r.adopt('rev', [new Namespace('rev/ns/a', '1-7-6')]);
    const [again] = r.adopt('rev', [new Namespace('rev/ns/a', '1-8-0')]);
    assert.equal(again, first, 'same object: VS Code keys tree elements by identity');
    assert.ok(again instanceof Namespace);
    assert.equal(again.revision, '1-8-0', 'commands read current data from it');
  });

  it('replaces an instance whose class changed under the same id', () => {
    const r = new NodeRegistry<Node>();
    const [old] = r.adopt('c', [new Message('c/x', 'loading')]);
    const [now] = r.adopt('c', [new Namespace('c/x', '1-8-0')]);
    assert.notEqual(now, old);
    assert.ok(now instanceof Namespace);
    assert.equal(r.get('c/x'), now);
  });

  it('forgets nodes that disappeared, with everything handed out below them', () => {
    const r = new NodeRegistry<Node>();
    r.adopt('c', [new Namespace('c/a', 'r'), new Namespace('c/b', 'r')]);
    r.adopt('c/b', [new Message('c/b/w', 'web')]);
    r.adopt('c', [new Namespace('c/a', 'r')]);
    assert.equal(r.get('c/b'), undefined);
    assert.equal(r.get('c/b/w'), undefined);
    assert.ok(r.get('c/a'));
    assert.equal(r.size, 1);
  });
});
