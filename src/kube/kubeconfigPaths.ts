/** Which kubeconfig files to read, with kubectl's precedence. Pure: no file system access. */
import * as path from 'node:path';

export type KubeconfigSource = 'istioCanary.kubeconfig' | 'Kubernetes extension' | 'vs-kubernetes.kubeconfig' | 'KUBECONFIG' | 'default';

export interface KubeconfigPathInputs {
  /** `istioCanary.kubeconfig` setting: one path or a delimiter-separated list (or an array). */
  setting?: string | readonly string[];
  /**
   * The Kubernetes extension's own answer (its configuration API's getKubeconfigPath: its setting with `${…}`
   * interpolated, else KUBECONFIG, else ~/.kube/config), when it is active. Preferred over reading its setting.
   */
  kubernetesExtension?: string;
  /** `vs-kubernetes.kubeconfig` setting of the Kubernetes extension. */
  vsKubernetesSetting?: string | readonly string[];
  /** The KUBECONFIG environment variable. */
  kubeconfigEnv?: string;
  home: string;
  /** Defaults to path.delimiter (':' or ';'). */
  delimiter?: string;
}

export interface KubeconfigPaths {
  paths: string[];
  source: KubeconfigSource;
}

export function resolveKubeconfigPaths(inputs: KubeconfigPathInputs): KubeconfigPaths {
  const delimiter = inputs.delimiter ?? path.delimiter;
  const candidates: [KubeconfigSource, string | readonly string[] | undefined][] = [
    ['istioCanary.kubeconfig', inputs.setting],
    ['Kubernetes extension', inputs.kubernetesExtension],
    ['vs-kubernetes.kubeconfig', inputs.vsKubernetesSetting],
    ['KUBECONFIG', inputs.kubeconfigEnv],
  ];
  for (const [source, value] of candidates) {
    const paths = splitPaths(value, delimiter, inputs.home);
    if (paths.length > 0) {
      return { paths, source };
    }
  }
  return { paths: [path.join(inputs.home, '.kube', 'config')], source: 'default' };
}

function splitPaths(value: string | readonly string[] | undefined, delimiter: string, home: string): string[] {
  if (value === undefined) {
    return [];
  }
  const parts = typeof value === 'string' ? value.split(delimiter) : value.flatMap((v) => v.split(delimiter));
  const result: string[] = [];
  for (const part of parts) {
    const trimmed = part.trim();
    if (trimmed === '') {
      continue;
    }
    const expanded = expandHome(trimmed, home);
    if (!result.includes(expanded)) {
      result.push(expanded);
    }
  }
  return result;
}

/** `~` and `~/x` (or `~\x`) expand to the home directory; `~user/x` is left alone. */
export function expandHome(p: string, home: string): string {
  if (p === '~') {
    return home;
  }
  if (p.startsWith('~/') || p.startsWith('~\\')) {
    return path.join(home, p.slice(2));
  }
  return p;
}
