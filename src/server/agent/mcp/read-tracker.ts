// What this MCP session has read, for API keys with `requireReadBeforeWrite`. In memory and per
// process (as the MCP session itself is): a new session, or another server process, starts empty.
const MAX_ENTRIES = 10_000;

const keyOf = (workspaceId: string, path: string) => `${workspaceId}\0${path}`;

export class ReadTracker {
  /** Workspace + normalized path → the version read (null for a folder that was listed). */
  private readonly known = new Map<string, string | null>();

  noteRead(workspaceId: string, path: string, version: string | null): void {
    const key = keyOf(workspaceId, path);
    this.known.delete(key); // re-insert so the oldest entries are the ones dropped at the cap
    this.known.set(key, version);
    if (this.known.size > MAX_ENTRIES) {
      const oldest = this.known.keys().next();
      if (!oldest.done) this.known.delete(oldest.value);
    }
  }

  has(workspaceId: string, path: string): boolean {
    return this.known.has(keyOf(workspaceId, path));
  }

  /** The version last read or written, to send as `ifMatch` so a change made since then is caught. */
  versionOf(workspaceId: string, path: string): string | undefined {
    return this.known.get(keyOf(workspaceId, path)) ?? undefined;
  }

  /** After a delete: the path and everything under it is unknown again. */
  forget(workspaceId: string, path: string): void {
    const exact = keyOf(workspaceId, path);
    const prefix = path === "" ? keyOf(workspaceId, "") : `${exact}/`;
    for (const key of [...this.known.keys()]) if (key === exact || key.startsWith(prefix)) this.known.delete(key);
  }
}
