import * as vscode from 'vscode';
import type { CallLogger } from '../kube/clusterClient';

/** The extension's LogOutputChannel. Every cluster call is logged (method, path, status, time) — never a credential. */
export class LogChannel implements CallLogger, vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor(name = 'Istio Canary Upgrades') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  call(context: string, method: string, path: string, status: number | 'error', ms: number): void {
    const line = `[${context}] ${method} ${path} → ${status} (${ms} ms)`;
    if (status === 'error' || status >= 400) this.channel.warn(line);
    else this.channel.debug(line);
  }

  info(message: string): void {
    this.channel.info(message);
  }

  warn(message: string): void {
    this.channel.warn(message);
  }

  error(message: string): void {
    this.channel.error(message);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
