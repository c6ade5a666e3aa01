import { verifyNamespaces } from '../upgrade/verifyNamespaces';
import { openClusterAccess } from './clusterAccess';
import { verdictJson, verdictText } from './outcomeJson';
import { EXIT, type CliIo, type CommonArgs } from './cliTypes';

/** `verify --namespace a,b [--expect REV]`: every pod on its namespace's target revision and version. */
export async function verifyCommand(args: CommonArgs & { expect?: string; syncz?: boolean }, io: CliIo): Promise<number> {
  const access = openClusterAccess(args);
  try {
    const verdicts = await verifyNamespaces(access.client, args.namespaces, { expectedRevision: args.expect ? () => args.expect : undefined, syncz: args.syncz });
    io.out(args.output === 'json'
      ? JSON.stringify({ context: access.context, namespaces: verdicts.map(verdictJson) }, null, 2)
      : verdictText(verdicts));
    return verdicts.some((v) => v.verdict === 'fail') ? EXIT.failed : EXIT.ok;
  } finally {
    access.dispose();
  }
}
