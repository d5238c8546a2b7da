import { describe, expect, it } from "vitest";
import { auditTargetOf } from "./target";

describe("auditTargetOf", () => {
  it("names the path, the move, the command or the object a call is about", () => {
    expect(auditTargetOf({ workspaceId: "w", path: "src/app.py", content: "secret text" })).toBe("src/app.py");
    expect(auditTargetOf({ workspaceId: "w", from: "a.txt", to: "b/a.txt" })).toBe("a.txt → b/a.txt");
    expect(auditTargetOf({ workspaceId: "w", command: ["rm", "-rf", "/"] })).toBe("rm -rf /");
    expect(auditTargetOf({ workspaceId: "w", command: "make test" })).toBe("make test");
    expect(auditTargetOf({ workspaceId: "w", snapshotId: "s1" })).toBe("s1");
  });

  it("is bounded and says nothing when the input names nothing it knows", () => {
    expect(auditTargetOf({ workspaceId: "w", path: "x".repeat(5000) })).toHaveLength(500);
    expect(auditTargetOf({ workspaceId: "w" })).toBeUndefined();
    expect(auditTargetOf({ workspaceId: "w", path: 42, command: [1, 2] })).toBeUndefined();
    expect(auditTargetOf(null)).toBeUndefined();
    expect(auditTargetOf("files.write")).toBeUndefined();
  });
});
