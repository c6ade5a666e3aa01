import * as vscode from 'vscode';
import type { ProgressEvent } from '../upgrade/migrationRunner';

/** Runs engine work in a cancellable notification; Cancel aborts the signal, the engine stops between steps. */
export function runWithProgress<T>(title: string, work: (signal: AbortSignal, onProgress: (e: ProgressEvent) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    const onProgress = (e: ProgressEvent): void => progress.report({ message: `${e.namespace}: ${e.step} ${e.message}` });
    return work(abort.signal, onProgress).finally(() => sub.dispose());
  });
}
