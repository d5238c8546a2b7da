// Abandoned MCP sessions (no DELETE, no further MCP request) must leave memory after the idle
// timeout on their own: the memory soak found every one held until the next MCP request.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MCP_SESSION_LIMITS, type McpSession, mcpSessions, registerSession } from "./sessions";

const IDLE_MS = 10_000;

async function session(id: string, owner: string): Promise<McpSession> {
  const server = new McpServer({ name: "atrium-test", version: "0" });
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: () => id });
  await server.connect(transport);
  return { id, server, transport, owner, lastSeenAt: Date.now(), active: 0 };
}

describe("MCP session eviction", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    MCP_SESSION_LIMITS.idleMs = IDLE_MS;
    mcpSessions().clear();
  });
  afterEach(() => {
    vi.clearAllTimers();
    vi.useRealTimers();
    mcpSessions().clear();
  });

  it("closes abandoned sessions after the idle timeout without any further MCP request", async () => {
    for (let i = 0; i < 50; i++) registerSession(await session(`s${i}`, `key:${i % 5}`));
    expect(mcpSessions().size).toBe(50);
    await vi.advanceTimersByTimeAsync(IDLE_MS / 2);
    expect(mcpSessions().size).toBe(50);
    await vi.advanceTimersByTimeAsync(IDLE_MS);
    expect(mcpSessions().size).toBe(0);
    // With no session left the sweeper stops: an idle server keeps no clock running for MCP.
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps a session that is in use (an open stream or a running call) and one that was used recently", async () => {
    const busy = await session("busy", "key:a");
    const recent = await session("recent", "key:a");
    const idle = await session("idle", "key:a");
    for (const s of [busy, recent, idle]) registerSession(s);
    busy.active = 1;
    await vi.advanceTimersByTimeAsync(IDLE_MS * 0.75);
    recent.lastSeenAt = Date.now();
    await vi.advanceTimersByTimeAsync(IDLE_MS * 0.75);
    expect([...mcpSessions().keys()].sort()).toEqual(["busy", "recent"]);
    busy.active = 0;
    busy.lastSeenAt = Date.now();
    await vi.advanceTimersByTimeAsync(IDLE_MS * 1.5);
    expect(mcpSessions().size).toBe(0);
  });

  it("starts the sweeper again for sessions opened after it stopped", async () => {
    registerSession(await session("first", "key:a"));
    await vi.advanceTimersByTimeAsync(IDLE_MS * 2);
    expect(mcpSessions().size).toBe(0);
    registerSession(await session("second", "key:a"));
    await vi.advanceTimersByTimeAsync(IDLE_MS * 2);
    expect(mcpSessions().size).toBe(0);
  });
});
