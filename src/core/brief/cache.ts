// Briefs' range parts, cached per (project, live sha, this sha): the commits between two shas never change, so a page
// opened again, or another deployment of the same commit, costs no compare. Bounded, least recently used first out.
import type { RangeBrief } from './types';

export interface RangeKey {
  projectId: number;
  liveSha: string | undefined;
  sha: string;
}

export class RangeCache {
  private readonly entries = new Map<string, RangeBrief>();

  constructor(
    /** One cache per instance: ids are per instance. */
    private readonly capacity = 100,
  ) {}

  get(key: RangeKey): RangeBrief | undefined {
    const id = keyOf(key);
    const hit = this.entries.get(id);
    if (hit) {
      this.entries.delete(id);
      this.entries.set(id, hit);
    }
    return hit;
  }

  set(key: RangeKey, value: RangeBrief): void {
    const id = keyOf(key);
    this.entries.delete(id);
    this.entries.set(id, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}

function keyOf({ projectId, liveSha, sha }: RangeKey): string {
  return `${projectId}:${liveSha ?? '-'}:${sha}`;
}
