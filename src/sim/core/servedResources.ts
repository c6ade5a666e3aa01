/**
 * The resource types one simulated cluster serves right now: the built-ins plus the ones its established
 * CustomResourceDefinitions add. Routing, discovery, scenarios and garbage collection look types up here.
 */
import { apiVersionOf, RESOURCE_TYPES, type ResourceType } from './resourceRegistry';

export class ServedResources {
  private readonly custom = new Map<string, ResourceType>();

  all(): ResourceType[] {
    return [...RESOURCE_TYPES, ...this.custom.values()];
  }

  /** Group/versions in registration order (built-ins first, like the aggregator's priority order). */
  groupVersions(): { group: string; version: string }[] {
    const seen = new Map<string, { group: string; version: string }>();
    for (const t of this.all()) seen.set(apiVersionOf(t), { group: t.group, version: t.version });
    return [...seen.values()];
  }

  resourcesIn(group: string, version: string): ResourceType[] {
    const types = this.all().filter((t) => t.group === group && t.version === version);
    // The apiextensions server lists a group's custom resources by name.
    return types.some((t) => t.custom) ? types.sort((a, b) => (a.resource < b.resource ? -1 : 1)) : types;
  }

  find(group: string, version: string, resource: string): ResourceType | undefined {
    return this.all().find((t) => t.group === group && t.version === version && t.resource === resource);
  }

  byName(resource: string): ResourceType | undefined {
    return this.custom.get(resource) ?? RESOURCE_TYPES.find((t) => t.resource === resource);
  }

  forKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.all().find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
  }

  /**
   * A plural is the store key, so it must be unique across groups here (a CRD whose plural a built-in or
   * another CRD already uses is not served: its NamesAccepted condition says so).
   */
  nameTaken(resource: string, crdName: string): boolean {
    const existing = this.byName(resource);
    return existing !== undefined && existing.custom?.crdName !== crdName;
  }

  register(type: ResourceType): void {
    this.custom.set(type.resource, type);
  }

  unregister(resource: string): void {
    this.custom.delete(resource);
  }
}
