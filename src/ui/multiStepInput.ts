/**
 * Multi-step quick input: a command's questions as steps that show "step n of m" (QuickInput step/totalSteps) and
 * a Back button (QuickInputButtons.Back) from the second step on. Steps that do not apply (a cluster already given
 * by the tree node) are skipped and not counted. Answers live in the command's state, so going back shows the
 * previous answer selected. The quick inputs come from a host (vscodeQuickInput.ts in VS Code, a fake in tests).
 */
import type { Event, InputBoxValidationMessage, QuickInputButton, QuickPickItem } from 'vscode';

export interface QuickInputLike {
  title: string | undefined;
  step: number | undefined;
  totalSteps: number | undefined;
  buttons: readonly QuickInputButton[];
  ignoreFocusOut: boolean;
  readonly onDidTriggerButton: Event<QuickInputButton>;
  readonly onDidHide: Event<void>;
  readonly onDidAccept: Event<void>;
  show(): void;
  dispose(): void;
}

export interface QuickPickLike<T extends QuickPickItem> extends QuickInputLike {
  placeholder: string | undefined;
  items: readonly T[];
  activeItems: readonly T[];
  selectedItems: readonly T[];
  canSelectMany: boolean;
  matchOnDescription: boolean;
}

export interface InputBoxLike extends QuickInputLike {
  value: string;
  prompt: string | undefined;
  placeholder: string | undefined;
  validationMessage: string | InputBoxValidationMessage | undefined;
  readonly onDidChangeValue: Event<string>;
}

export interface QuickInputHost {
  createQuickPick<T extends QuickPickItem>(): QuickPickLike<T>;
  createInputBox(): InputBoxLike;
  /** QuickInputButtons.Back */
  readonly back: QuickInputButton;
}

export const BACK: unique symbol = Symbol('back');
export type Back = typeof BACK;
/** What a step did: answered (go on), Back, or the user closed the input (Escape: the command ends). */
export type StepResult = 'next' | 'back' | 'cancel';

export interface PickOptions<T extends QuickPickItem> {
  title?: string;
  placeholder?: string;
  items: readonly T[];
  /** Shown selected (single pick: active) when the step opens, e.g. the answer given before going back. */
  isChosen?: (item: T) => boolean;
  matchOnDescription?: boolean;
  /** pickMany: accepting with nothing checked is an answer (no options), not the end of the command. */
  allowNone?: boolean;
}

export interface TextOptions {
  title?: string;
  prompt: string;
  placeholder?: string;
  value?: string;
  /** A message while the value cannot be used (undefined: fine). */
  validate?: (value: string) => string | undefined;
}

/** One step's quick input: the wizard's title and position are already set. */
export class StepInput {
  constructor(
    private readonly host: QuickInputHost,
    private readonly title: string,
    readonly step: number,
    readonly totalSteps: number,
    private readonly canGoBack: boolean,
  ) {}

  pick<T extends QuickPickItem>(o: PickOptions<T>): Promise<T | Back | undefined> {
    return this.choose(o, false).then((r) => (r === BACK || r === undefined ? r : r[0]));
  }

  /** Several items; accepting with none checked counts as closing the input unless `allowNone`. */
  pickMany<T extends QuickPickItem>(o: PickOptions<T>): Promise<T[] | Back | undefined> {
    return this.choose(o, true);
  }

  text(o: TextOptions): Promise<string | Back | undefined> {
    const box = this.host.createInputBox();
    this.setup(box, o.title);
    box.prompt = o.prompt;
    box.placeholder = o.placeholder;
    box.value = o.value ?? '';
    const check = (v: string): string | undefined => o.validate?.(v);
    box.validationMessage = box.value ? check(box.value) : undefined;
    return this.await(box, (resolve) => [
      box.onDidChangeValue((v) => { box.validationMessage = check(v); }),
      box.onDidAccept(() => {
        const problem = check(box.value);
        box.validationMessage = problem;
        if (problem === undefined) resolve(box.value);
      }),
    ]);
  }

  private choose<T extends QuickPickItem>(o: PickOptions<T>, many: boolean): Promise<T[] | Back | undefined> {
    const qp = this.host.createQuickPick<T>();
    this.setup(qp, o.title);
    qp.placeholder = o.placeholder;
    qp.canSelectMany = many;
    qp.matchOnDescription = o.matchOnDescription ?? false;
    qp.items = o.items;
    const chosen = o.isChosen ? o.items.filter(o.isChosen) : [];
    if (chosen.length) {
      if (many) qp.selectedItems = chosen;
      else qp.activeItems = chosen.slice(0, 1);
    }
    return this.await<T[]>(qp, (resolve, cancel) => [
      qp.onDidAccept(() => {
        const picked = many ? qp.selectedItems : qp.selectedItems.length ? qp.selectedItems : qp.activeItems;
        if (picked.length || (many && o.allowNone)) resolve([...picked]);
        else cancel();
      }),
    ]);
  }

  private setup(input: QuickInputLike, title: string | undefined): void {
    input.title = title ?? this.title;
    // A lone question is not "step 1 of 1".
    input.step = this.totalSteps > 1 ? this.step : undefined;
    input.totalSteps = this.totalSteps > 1 ? this.totalSteps : undefined;
    input.ignoreFocusOut = true;
    input.buttons = this.canGoBack ? [this.host.back] : [];
  }

  /** Shows `input` and settles once: an answer, Back, or undefined when it is closed. Then disposes it. */
  private await<R>(input: QuickInputLike, listen: (resolve: (r: R) => void, cancel: () => void) => { dispose(): unknown }[]): Promise<R | Back | undefined> {
    return new Promise((done) => {
      let settled = false;
      const subs: { dispose(): unknown }[] = [];
      const settle = (r: R | Back | undefined): void => {
        if (settled) return;
        settled = true;
        for (const s of subs) s.dispose();
        input.dispose();
        done(r);
      };
      subs.push(
        ...listen((r) => settle(r), () => settle(undefined)),
        input.onDidTriggerButton((b) => { if (b === this.host.back) settle(BACK); }),
        input.onDidHide(() => settle(undefined)),
      );
      input.show();
    });
  }
}

export interface WizardStep<S> {
  /**
   * False: the step is skipped and not counted. Evaluated with the answers so far: return true while an answer it
   * depends on is not given yet, so that "of m" shrinks rather than grows.
   */
  when?: (state: S) => boolean;
  run(input: StepInput, state: S): Promise<StepResult>;
}

/** Maps a quick input's answer to a step result, storing it with `apply` when there is one. */
export function answered<T>(answer: T | Back | undefined, apply: (value: T) => void): StepResult {
  if (answer === BACK) return 'back';
  if (answer === undefined) return 'cancel';
  apply(answer);
  return 'next';
}

/**
 * Runs the steps in order with Back; resolves with the filled state, or undefined when the user closed an input.
 * "step n of m": n counts the steps answered before plus this one, m adds the steps still to come that apply now.
 */
export async function runSteps<S>(host: QuickInputHost, title: string, steps: readonly WizardStep<S>[], state: S): Promise<S | undefined> {
  const applies = (i: number): boolean => steps[i].when?.(state) ?? true;
  const answered: number[] = [];
  let i = 0;
  // A step gone back to runs again even if its own answer now makes `when` false (e.g. "when nothing is chosen yet").
  let revisiting = false;
  while (i < steps.length) {
    if (!revisiting && !applies(i)) {
      i++;
      continue;
    }
    revisiting = false;
    let ahead = 0;
    for (let j = i + 1; j < steps.length; j++) if (applies(j)) ahead++;
    const position = answered.length + 1;
    const result = await steps[i].run(new StepInput(host, title, position, position + ahead, answered.length > 0), state);
    if (result === 'cancel') return undefined;
    if (result === 'back') {
      const previous = answered.pop();
      if (previous !== undefined) {
        i = previous;
        revisiting = true;
      }
      continue;
    }
    answered.push(i);
    i++;
  }
  return state;
}
