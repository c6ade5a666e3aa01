/** Revision tags: tag webhooks `istio-revision-tag-<tag>` and (1.27+) tag Services `istiod-revision-tag-<tag>` (istio-model.md M4.1, M4.2). */
import type { Revision, Tag } from './model';
import { LABEL_REV, LABEL_TAG } from './labels';
import { labelsOf, nameOf, namespaceOf, rec, stringMap } from './untrusted';
import type { TagWebhook } from './webhooks';

interface TagDraft {
  tag: Tag;
  /** Where `revision` came from, for conflict warnings. */
  revisionFrom: string;
}

export function collectTags(tagWebhooks: TagWebhook[], services: unknown[], warnings: string[]): Tag[] {
  const drafts = new Map<string, TagDraft>();
  const add = (name: string, revision: string | undefined, from: string, field: 'webhook' | 'service', objectName: string): void => {
    const existing = drafts.get(name);
    if (!existing) {
      if (!revision) {
        warnings.push(`Tag ${name} (${from}) names no target revision; ignored.`);
        return;
      }
      drafts.set(name, { tag: { name, revision, [field]: objectName }, revisionFrom: from });
      return;
    }
    if (revision && revision !== existing.tag.revision) {
      warnings.push(`Tag ${name}: ${existing.revisionFrom} points at ${existing.tag.revision} but ${from} points at ${revision}; using ${existing.tag.revision}.`);
    }
    if (existing.tag[field] === undefined) existing.tag[field] = objectName;
  };

  const sortedWebhooks = [...tagWebhooks].sort((a, b) => a.config.localeCompare(b.config));
  for (const w of sortedWebhooks) add(w.tag, w.revision, `webhook ${w.config}`, 'webhook', w.config);

  const tagServices = services
    .filter((s) => !!labelsOf(s)[LABEL_TAG])
    .sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  for (const svc of tagServices) {
    const labels = labelsOf(svc);
    const revision = labels[LABEL_REV] || stringMap(rec(svc, 'spec').selector)[LABEL_REV];
    add(labels[LABEL_TAG], revision, `Service ${namespaceOf(svc)}/${nameOf(svc)}`, 'service', nameOf(svc));
  }
  return [...drafts.values()].map((d) => d.tag).sort((a, b) => a.name.localeCompare(b.name));
}

/** Fill Revision.tags and warn about tags that point nowhere or shadow a revision name. */
export function attachTags(revisions: Revision[], tags: Tag[], warnings: string[]): void {
  const byName = new Map(revisions.map((r) => [r.name, r]));
  for (const tag of tags) {
    const target = byName.get(tag.revision);
    if (target) target.tags.push(tag.name);
    else warnings.push(`Tag ${tag.name} points at revision ${tag.revision}, which does not exist in this cluster.`);
    if (byName.has(tag.name) && tag.name !== tag.revision) {
      warnings.push(`Tag ${tag.name} has the same name as a revision: both webhooks match istio.io/rev=${tag.name} (IST0139); the revision is assumed.`);
    }
  }
  for (const r of revisions) r.tags.sort();
}
