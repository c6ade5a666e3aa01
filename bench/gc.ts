/** A full GC between measurements (global.gc when Node runs with --expose-gc, else enabled at run time). */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

let cached: (() => void) | undefined;

export function fullGc(): void {
  if (!cached) {
    const g = (globalThis as { gc?: () => void }).gc;
    if (g) cached = g;
    else {
      v8.setFlagsFromString('--expose-gc');
      cached = vm.runInNewContext('gc') as () => void;
    }
  }
  cached();
}
