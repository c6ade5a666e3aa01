/**
 * One reload for a burst of reasons: a settings change, a kubeconfig file change and the Kubernetes extension's
 * context event usually arrive together (switching context there rewrites the kubeconfig file too). Requests are
 * debounced; reloads never overlap (a request during a reload runs one more after it); what must happen after
 * the reload (connect the context just switched to) runs once it is done.
 */
export interface ReloadSchedulerOptions {
  reload(): Promise<void>;
  debounceMs?: number;
  onError?(message: string): void;
}

export class ReloadScheduler {
  private timer?: ReturnType<typeof setTimeout>;
  private running?: Promise<void>;
  private again = false;
  private after: (() => unknown)[] = [];
  private disposed = false;

  constructor(private readonly options: ReloadSchedulerOptions) {}

  /** Reload soon; `then` runs after that reload has finished (and after a failed one). */
  request(then?: () => unknown): void {
    if (this.disposed) return;
    if (then) this.after.push(then);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.fire(), this.options.debounceMs ?? 300);
  }

  /** Resolves when no reload is pending or running (for tests and callers that need the result). */
  async idle(): Promise<void> {
    while (this.timer || this.running) {
      await (this.running ?? new Promise((r) => setTimeout(r, this.options.debounceMs ?? 300)));
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async fire(): Promise<void> {
    this.timer = undefined;
    if (this.running) {
      // The running loop goes round once more, with whatever has been requested meanwhile.
      this.again = true;
      return;
    }
    this.running = this.loop();
    await this.running;
    this.running = undefined;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      const after = this.after.splice(0);
      await this.options.reload().catch((e: unknown) => this.options.onError?.(e instanceof Error ? e.message : String(e)));
      for (const fn of after) {
        try {
          await fn();
        } catch (e) {
          this.options.onError?.(e instanceof Error ? e.message : String(e));
        }
      }
    } while (this.again && !this.disposed);
  }
}
