import { strict as assert } from 'node:assert';
import type { QuickInputButton, QuickPickItem } from 'vscode';
import { answered, runSteps, type InputBoxLike, type QuickInputHost, type QuickPickLike, type WizardStep } from '../../../src/ui/multiStepInput';

class Emitter<T> {
  private readonly listeners = new Set<(v: T) => void>();
  readonly event = (l: (v: T) => void): { dispose(): void } => {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  };
  fire(v: T): void {
    for (const l of [...this.listeners]) l(v);
  }
  get count(): number {
    return this.listeners.size;
  }
}

const BACK_BUTTON: QuickInputButton = { iconPath: { id: 'arrow-left' } as unknown as QuickInputButton['iconPath'], tooltip: 'Back' };

/** What the user saw when an input opened. */
interface Shown {
  kind: 'pick' | 'text';
  title?: string;
  step?: number;
  totalSteps?: number;
  back: boolean;
  items: string[];
  preselected: string[];
  value?: string;
}

class FakeInput {
  title: string | undefined;
  step: number | undefined;
  totalSteps: number | undefined;
  buttons: readonly QuickInputButton[] = [];
  ignoreFocusOut = false;
  placeholder: string | undefined;
  disposed = false;
  readonly accept = new Emitter<void>();
  readonly button = new Emitter<QuickInputButton>();
  readonly hide = new Emitter<void>();
  readonly onDidAccept = this.accept.event;
  readonly onDidTriggerButton = this.button.event;
  readonly onDidHide = this.hide.event;
  constructor(private readonly user: FakeUser) {}
  show(): void {
    this.user.opened(this);
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.hide.fire(); // VS Code hides a disposed input: the helper must ignore it once settled
  }
}

class FakePick<T extends QuickPickItem> extends FakeInput implements QuickPickLike<T> {
  items: readonly T[] = [];
  activeItems: readonly T[] = [];
  selectedItems: readonly T[] = [];
  canSelectMany = false;
  matchOnDescription = false;
}

class FakeBox extends FakeInput implements InputBoxLike {
  value = '';
  prompt: string | undefined;
  validationMessage: InputBoxLike['validationMessage'];
  readonly change = new Emitter<string>();
  readonly onDidChangeValue = this.change.event;
}

type Action = { pick: string[] } | { type: string } | 'back' | 'escape';

/** Plays a script of user actions, one per input opened, and records what each input showed. */
class FakeUser implements QuickInputHost {
  readonly back = BACK_BUTTON;
  readonly shown: Shown[] = [];
  readonly inputs: FakeInput[] = [];
  validation: (string | undefined)[] = [];
  constructor(private readonly script: Action[]) {}
  createQuickPick<T extends QuickPickItem>(): QuickPickLike<T> {
    return new FakePick<T>(this);
  }
  createInputBox(): InputBoxLike {
    return new FakeBox(this);
  }
  opened(input: FakeInput): void {
    this.inputs.push(input);
    const pick = input instanceof FakePick ? input as FakePick<QuickPickItem> : undefined;
    this.shown.push({
      kind: pick ? 'pick' : 'text', title: input.title, step: input.step, totalSteps: input.totalSteps,
      back: input.buttons.includes(BACK_BUTTON), items: pick ? pick.items.map((i) => i.label) : [],
      preselected: pick ? [...pick.selectedItems, ...pick.activeItems].map((i) => i.label) : [],
      value: input instanceof FakeBox ? input.value : undefined,
    });
    const action = this.script.shift();
    assert.ok(action, `no scripted action for input ${this.shown.length} (${input.title})`);
    queueMicrotask(() => this.act(input, action));
  }
  private act(input: FakeInput, action: Action): void {
    if (action === 'back') return input.button.fire(BACK_BUTTON);
    if (action === 'escape') return input.hide.fire();
    if ('pick' in action && input instanceof FakePick) {
      const chosen = (input as FakePick<QuickPickItem>).items.filter((i) => action.pick.includes(i.label));
      if (input.canSelectMany) input.selectedItems = chosen;
      else input.activeItems = chosen;
      return input.accept.fire();
    }
    if ('type' in action && input instanceof FakeBox) {
      input.value = action.type;
      input.change.fire(action.type);
      this.validation.push(typeof input.validationMessage === 'string' ? input.validationMessage : undefined);
      input.accept.fire();
      // A rejected value keeps the box open: the next scripted action goes to the same box.
      if (!input.disposed) {
        const next = this.script.shift();
        assert.ok(next, 'the box stayed open but the script ended');
        queueMicrotask(() => this.act(input, next));
      }
      return;
    }
    throw new Error(`action ${JSON.stringify(action)} does not fit a ${input.constructor.name}`);
  }
}

interface Migrate {
  cluster?: string;
  namespaces?: string[];
  target?: string;
  concurrency?: string;
}

const item = (label: string): QuickPickItem => ({ label });

/** cluster (only when not given) → namespaces → target → concurrency, like the migrate/wave commands. */
function migrateSteps(): WizardStep<Migrate>[] {
  return [
    {
      run: async (input, s) => answered(await input.pick({ title: 'Cluster', items: ['prod', 'staging'].map(item), isChosen: (i) => i.label === s.cluster }), (v) => { s.cluster = v.label; }),
    },
    {
      run: async (input, s) => answered(await input.pickMany({ title: `Namespaces of ${s.cluster}`, items: ['a', 'b', 'c'].map(item), isChosen: (i) => s.namespaces?.includes(i.label) ?? false }),
        (v) => { s.namespaces = v.map((i) => i.label); }),
    },
    {
      when: (s) => s.namespaces === undefined || s.namespaces.length > 0,
      run: async (input, s) => answered(await input.pick({ items: ['canary', '1-8-0'].map(item), isChosen: (i) => i.label === s.target }), (v) => { s.target = v.label; }),
    },
    {
      when: (s) => s.namespaces === undefined || s.namespaces.length > 1,
      run: async (input, s) => answered(await input.text({ prompt: 'How many at once?', value: s.concurrency ?? '2', validate: (v) => (/^\d+$/.test(v) ? undefined : 'A whole number') }), (v) => { s.concurrency = v; }),
    },
  ];
}

describe('ui/multiStepInput: quick picks with "step n of m" and Back', () => {
  it('numbers the steps, shows Back from step 2 on, and fills the state', async () => {
    const user = new FakeUser([{ pick: ['staging'] }, { pick: ['a', 'c'] }, { pick: ['canary'] }, { type: '3' }]);
    const state = await runSteps(user, 'Migrate namespaces', migrateSteps(), {});
    assert.deepEqual(state, { cluster: 'staging', namespaces: ['a', 'c'], target: 'canary', concurrency: '3' });
    assert.deepEqual(user.shown.map((s) => [s.step, s.totalSteps, s.back]), [[1, 4, false], [2, 4, true], [3, 4, true], [4, 4, true]]);
    assert.deepEqual(user.shown.map((s) => s.title), ['Cluster', 'Namespaces of staging', 'Migrate namespaces', 'Migrate namespaces']);
    assert.ok(user.inputs.every((i) => i.disposed), 'every input is disposed once answered');
  });

  it('steps that do not apply are skipped and not counted (one namespace: no concurrency step)', async () => {
    const user = new FakeUser([{ pick: ['prod'] }, { pick: ['b'] }, { pick: ['1-8-0'] }]);
    const state = await runSteps(user, 'Migrate', migrateSteps(), {});
    assert.deepEqual(state, { cluster: 'prod', namespaces: ['b'], target: '1-8-0' });
    // Before the namespaces are known the concurrency step still counts (4); after one namespace it does not (3).
    assert.deepEqual(user.shown.map((s) => [s.step, s.totalSteps]), [[1, 4], [2, 4], [3, 3]]);
  });

  it('Back returns to the previous step with its answer selected, and a new answer replaces it', async () => {
    const user = new FakeUser([{ pick: ['prod'] }, { pick: ['a', 'b'] }, 'back', 'back', { pick: ['staging'] }, { pick: ['c'] }, { pick: ['canary'] }]);
    const state = await runSteps(user, 'Migrate', migrateSteps(), {});
    assert.deepEqual(state, { cluster: 'staging', namespaces: ['c'], target: 'canary' });
    assert.deepEqual(user.shown.map((s) => s.step), [1, 2, 3, 2, 1, 2, 3]);
    assert.deepEqual(user.shown[3].preselected, ['a', 'b'], 'the namespaces step shows the earlier choice');
    assert.deepEqual(user.shown[4].preselected, ['prod'], 'the cluster step shows the earlier choice');
    assert.equal(user.shown[4].back, false, 'no Back on the first step');
  });

  it('a text step refuses an invalid value and stays open; Back from it keeps the typed steps before', async () => {
    const user = new FakeUser([{ pick: ['prod'] }, { pick: ['a', 'b'] }, { pick: ['canary'] }, { type: 'many' }, 'back', { pick: ['1-8-0'] }, { type: '4' }]);
    const state = await runSteps(user, 'Wave', migrateSteps(), {});
    assert.deepEqual(state, { cluster: 'prod', namespaces: ['a', 'b'], target: '1-8-0', concurrency: '4' });
    assert.deepEqual(user.validation, ['A whole number', undefined], 'the refusal is shown as the validation message, then cleared');
    assert.equal(user.shown.at(-1)?.value, '2', 'the box starts at the default again (the refused value was not kept)');
  });

  it('Escape ends the command at any step; no listener is left behind', async () => {
    const user = new FakeUser([{ pick: ['prod'] }, 'escape']);
    assert.equal(await runSteps(user, 'Migrate', migrateSteps(), {}), undefined);
    assert.equal(user.inputs.length, 2);
    for (const i of user.inputs) {
      assert.ok(i.disposed);
      assert.equal(i.accept.count + i.button.count + i.hide.count, 0, 'listeners disposed');
    }
  });

  it('accepting a multi-pick with nothing checked ends the command, as closing it does, unless "none" is an answer', async () => {
    const user = new FakeUser([{ pick: ['prod'] }, { pick: [] }]);
    assert.equal(await runSteps(user, 'Migrate', migrateSteps(), {}), undefined);
    const options: WizardStep<{ flags?: string[] }>[] = [{
      run: async (input, s) => answered(await input.pickMany({ items: ['--webhook-name'].map(item), allowNone: true, isChosen: () => true }), (v) => { s.flags = v.map((i) => i.label); }),
    }];
    const none = new FakeUser([{ pick: [] }]);
    assert.deepEqual(await runSteps(none, 'Advanced options', options, {}), { flags: [] });
    assert.deepEqual(none.shown[0].preselected, ['--webhook-name']);
    assert.equal(none.shown[0].step, undefined, 'a lone question is not "step 1 of 1"');
    assert.equal(none.shown[0].back, false);
  });
});
