/**
 * Top self-time functions of a V8 .cpuprofile (from `node --cpu-prof` or inspector Profiler), for explaining a MISS.
 * Usage: tsx bench/profileTop.ts FILE.cpuprofile [N]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

export function topSelfTime(profile: CpuProfile, n = 15): { name: string; ms: number; share: number }[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    if (!node) continue;
    const f = node.callFrame;
    const where = f.url ? `${path.relative(process.cwd(), f.url.replace(/^file:\/\//, ''))}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, ms]) => ({ name, ms, share: ms / total }));
}

if (require.main === module) {
  const [file, count] = process.argv.slice(2);
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  for (const t of topSelfTime(profile, Number(count ?? 15))) {
    process.stdout.write(`${(t.share * 100).toFixed(1).padStart(5)}% ${t.ms.toFixed(0).padStart(7)} ms  ${t.name}\n`);
  }
}
