/**
 * Checks each journal line's shape before anything reads it: a line of valid JSON but the wrong shape (a
 * hand edit, another tool's file) is skipped with a warning instead of crashing `journal` or `rollback`.
 */
import { RUN_COMMANDS, RUN_STATUSES, WRITE_KINDS, WRITE_PHASES, type JournalWrite, type Line, type RunRecord } from './journalTypes';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const optStr = (v: unknown): boolean => v === undefined || isStr(v);
const optNum = (v: unknown): boolean => v === undefined || (typeof v === 'number' && Number.isFinite(v));
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);

function isValueMap(v: unknown): v is Record<string, string | null> {
  return isObj(v) && Object.values(v).every((x) => x === null || isStr(x));
}

function isLabels(v: unknown): boolean {
  return isObj(v) && Object.entries(v).every(([k, x]) => (k === 'istio-injection' || k === 'istio.io/rev') && isStr(x));
}

function runProblem(r: Obj): string | undefined {
  if (!isStr(r.runId) || !r.runId) return 'run without a runId';
  if (!(RUN_COMMANDS as readonly unknown[]).includes(r.command)) return `run ${r.runId}: unknown command ${JSON.stringify(r.command)}`;
  if (!(RUN_STATUSES as readonly unknown[]).includes(r.status)) return `run ${r.runId}: unknown status ${JSON.stringify(r.status)}`;
  if (!isStr(r.context) || !isStr(r.started) || Number.isNaN(Date.parse(r.started))) return `run ${r.runId}: no context or start time`;
  if (!isStrings(r.namespaces)) return `run ${r.runId}: namespaces is not a list of names`;
  for (const k of ['target', 'ended', 'stoppedAt', 'error', 'rollbackOf'] as const) if (!optStr(r[k])) return `run ${r.runId}: ${k} is not text`;
  if (r.options !== undefined && !isObj(r.options)) return `run ${r.runId}: options is not an object`;
  if (r.owner !== undefined && !(isObj(r.owner) && typeof r.owner.pid === 'number' && isStr(r.owner.host))) return `run ${r.runId}: owner has no pid and host`;
  if (r.warnings !== undefined && !isStrings(r.warnings)) return `run ${r.runId}: warnings is not a list of text`;
  if (r.handled !== undefined && !(isObj(r.handled) && isStr(r.handled.how))) return `run ${r.runId}: handled is not understood`;
  if (r.plan !== undefined && !(isObj(r.plan) && isStr(r.plan.path) && isStr(r.plan.hash) && isStr(r.plan.stepHash) && isStr(r.plan.kind) && typeof r.plan.step === 'number')) {
    return `run ${r.runId}: plan is not a plan step reference`;
  }
  if (r.restore !== undefined && !(Array.isArray(r.restore) && r.restore.every((t) => isObj(t) && isStr(t.namespace) && isStr(t.fromRun) && isLabels(t.restore) && isLabels(t.expected)))) {
    return `run ${r.runId}: restore is not a list of namespace targets`;
  }
  return undefined;
}

function writeProblem(w: Obj): string | undefined {
  if (!isStr(w.runId) || !w.runId) return 'write without a runId';
  const what = `write ${w.runId}#${String(w.seq)}`;
  if (typeof w.seq !== 'number' || !Number.isInteger(w.seq)) return `${what}: seq is not a number`;
  if (!(WRITE_PHASES as readonly unknown[]).includes(w.phase)) return `${what}: unknown phase ${JSON.stringify(w.phase)}`;
  if (!(WRITE_KINDS as readonly unknown[]).includes(w.kind)) return `${what}: unknown kind ${JSON.stringify(w.kind)}`;
  if (!isStr(w.time) || !isStr(w.context) || !isStr(w.name) || !w.name || !isStr(w.field)) return `${what}: no time, context, name or field`;
  if (!optStr(w.namespace) || !optStr(w.error) || !optStr(w.resourceVersion)) return `${what}: namespace, error or resourceVersion is not text`;
  if (!isValueMap(w.before) || !isValueMap(w.after)) return `${what}: before/after are not maps of text`;
  if (w.found !== undefined && !isValueMap(w.found)) return `${what}: found is not a map of text`;
  if (!optNum(w.intentSeq) || (w.readBack !== undefined && typeof w.readBack !== 'boolean')) return `${what}: intentSeq or readBack is not understood`;
  if (w.op !== undefined && w.op !== 'create' && w.op !== 'replace' && w.op !== 'delete' && w.op !== 'patch') return `${what}: unknown op`;
  return undefined;
}

export type ParsedLine = { ok: true; line: Line } | { ok: false; problem: string };

/** One line of the file (1-based `n` for messages). */
export function parseLine(raw: string, n: number): ParsedLine {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return { ok: false, problem: `line ${n}: not JSON (a write torn by a killed process?); skipped` };
  }
  if (isObj(v) && v.type === 'run' && isObj(v.run)) {
    const p = runProblem(v.run);
    return p ? { ok: false, problem: `line ${n}: ${p}; skipped` } : { ok: true, line: { type: 'run', run: v.run as unknown as RunRecord } };
  }
  if (isObj(v) && v.type === 'write' && isObj(v.write)) {
    const p = writeProblem(v.write);
    return p ? { ok: false, problem: `line ${n}: ${p}; skipped` } : { ok: true, line: { type: 'write', write: v.write as unknown as JournalWrite } };
  }
  return { ok: false, problem: `line ${n}: neither a run nor a write; skipped` };
}
