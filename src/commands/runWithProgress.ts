import * as vscode from 'vscode';
import type { ProgressEvent } from '../upgrade/migrationRunner';

/**
 * Runs engine work in a cancellable notification; Cancel aborts the signal, the engine stops between steps. Notices
 * (waiting on another operator's lock, running without one) show in the notification too.
 */
export function runWithProgress<T>(title: string, work: (signal: AbortSignal, onProgress: (e: ProgressEvent) => void, onNotice: (message: string) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    const onProgress = (e: ProgressEvent): void => progress.report({ message: `${e.namespace}: ${e.step} ${e.message}` });
    const onNotice = (message: string): void => progress.report({ message });
    return work(abort.signal, onProgress, onNotice).finally(() => sub.dispose());
  });
}
