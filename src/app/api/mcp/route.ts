// MCP over streamable HTTP (POST for messages, GET for the server's stream, DELETE to end a
// session). Authentication, sessions and tools live in src/server/agent/mcp.
import { handleMcpRequest } from "~/server/agent/mcp/http";

export const dynamic = "force-dynamic";

export { handleMcpRequest as GET, handleMcpRequest as POST, handleMcpRequest as DELETE };
