import { buildSnapshot } from '../mesh/snapshotBuilder';
import { findingSummary, objectList } from '../mesh/finding';
import { runPrecheck, type Finding } from '../mesh/precheck';
import { readInventory } from '../upgrade/inventoryReader';
import { openClusterAccess } from './clusterAccess';
import { EXIT, type CliIo, type CommonArgs } from './cliTypes';

export type PrecheckArgs = Pick<CommonArgs, 'kubeconfig' | 'context' | 'output' | 'requestTimeoutMs' | 'connectTimeoutMs'> & {
  /** The day the support window is judged on (tests); default now. */
  today?: Date;
};

const TAG = { error: 'ERROR', warning: 'WARN ', info: 'INFO ' } as const;

export function precheckText(context: string, findings: readonly Finding[]): string {
  const lines = [`${context}: ${findingSummary(findings)}`];
  for (const f of findings) {
    lines.push('', `${TAG[f.severity]} ${f.title}  [${f.code}]`);
    if (f.objects.length) lines.push(`      objects: ${objectList(f.objects, 6)}`);
    lines.push(`      ${f.detail}`);
    if (f.fix) lines.push(`      fix: ${f.fix.description}`);
  }
  return lines.join('\n');
}

/** `precheck [--context C] [-o json]`: findings of one cluster; exit 0 when none is an error, 3 otherwise. */
export async function precheckCommand(args: PrecheckArgs, io: CliIo): Promise<number> {
  const access = openClusterAccess(args);
  try {
    const inventory = await readInventory(access.client, { owners: true });
    const snapshot = buildSnapshot(access.context, inventory);
    const findings = runPrecheck(inventory, snapshot, args.today ? { today: args.today } : {});
    io.out(args.output === 'json' ? JSON.stringify({ context: access.context, findings }, null, 2) : precheckText(access.context, findings));
    return findings.some((f) => f.severity === 'error') ? EXIT.failed : EXIT.ok;
  } finally {
    access.dispose();
  }
}
