/**
 * stdout/stderr for the CLI process. A reader that goes away (`istio-canary journal | head -1`) makes the next write
 * fail with EPIPE: that stream is then left alone, quietly, and the command still ends as it would have (a migration
 * half-way does not stop because nobody reads its progress).
 */
import type { CliIo } from './cliTypes';

function lineWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let open = true;
  stream.on('error', () => {
    open = false;
  });
  return (text) => {
    if (open && !stream.destroyed) stream.write(`${text}\n`);
  };
}

export function processIo(): CliIo {
  return { out: lineWriter(process.stdout), err: lineWriter(process.stderr) };
}
