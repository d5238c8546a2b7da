import { describe, expect, it } from "vitest";
import { ancestorsOf, baseName, downloadUrl, duplicateName, extensionOf, isSameOrInside, joinPath, movedPath, nameProblem, parentOf } from "./paths";

describe("workspace paths", () => {
  it("splits and joins", () => {
    expect(baseName("src/lib/a.ts")).toBe("a.ts");
    expect(baseName("a.ts")).toBe("a.ts");
    expect(parentOf("src/lib/a.ts")).toBe("src/lib");
    expect(parentOf("a.ts")).toBe("");
    expect(joinPath("", "a.ts")).toBe("a.ts");
    expect(joinPath("src", "a.ts")).toBe("src/a.ts");
    expect(joinPath("src", "/lib/")).toBe("src/lib");
    expect(ancestorsOf("a/b/c.txt")).toEqual(["a", "a/b"]);
    expect(ancestorsOf("c.txt")).toEqual([]);
  });

  it("knows what is inside what, and where a move takes a path", () => {
    expect(isSameOrInside("src/a.ts", "src")).toBe(true);
    expect(isSameOrInside("src", "src")).toBe(true);
    expect(isSameOrInside("srcx/a.ts", "src")).toBe(false);
    expect(isSameOrInside("anything", "")).toBe(true);
    expect(movedPath("src/a.ts", "src", "lib")).toBe("lib/a.ts");
    expect(movedPath("src", "src", "lib")).toBe("lib");
    expect(movedPath("srcx/a.ts", "src", "lib")).toBeNull();
  });

  it("finds extensions the way editors do", () => {
    expect(extensionOf("main.PY")).toBe("py");
    expect(extensionOf(".gitignore")).toBe("");
    expect(extensionOf("Makefile")).toBe("");
    expect(extensionOf("a.tar.gz")).toBe("gz");
  });

  it("explains bad names before asking the server", () => {
    expect(nameProblem("")).toBe("Type a name.");
    expect(nameProblem(" a")).toMatch(/spaces/);
    expect(nameProblem("/a")).toMatch(/leading slash/);
    expect(nameProblem("a//b")).toMatch(/empty part/);
    expect(nameProblem("../a")).toMatch(/not allowed/);
    expect(nameProblem("main.py", ["main.py"])).toMatch(/already exists/);
    expect(nameProblem("main.py", ["main.py"], "main.py")).toBeNull();
    expect(nameProblem("src/new.ts", ["src"])).toBeNull();
    expect(nameProblem("notes.md", ["main.py"])).toBeNull();
  });

  it("names duplicates like VS Code", () => {
    expect(duplicateName("app.ts", ["app.ts"])).toBe("app copy.ts");
    expect(duplicateName("app.ts", ["app.ts", "app copy.ts"])).toBe("app copy 2.ts");
    expect(duplicateName("Makefile", [])).toBe("Makefile copy");
    expect(duplicateName(".env.example", [])).toBe(".env copy.example");
  });

  it("builds the transfer URLs with everything escaped", () => {
    expect(downloadUrl("ws1", "a b/c&d.txt")).toBe("/api/workspaces/ws1/files/download?path=a%20b%2Fc%26d.txt");
  });
});
