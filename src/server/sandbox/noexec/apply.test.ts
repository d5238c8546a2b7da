import { describe, expect, it } from "vitest";
import { noExecFolders } from "./apply";

const dir = (inner: string) => ({ inner, stat: { type: "directory" as const } });
const file = (inner: string) => ({ inner, stat: { type: "file" as const } });
const link = (inner: string) => ({ inner, stat: { type: "symlink" as const } });
// Parents first, as the confined walk returns them.
const tree = [dir("bin"), file("bin/x.sh"), dir("bin/sub"), dir("lib"), dir("lib/bin"), dir("ok"), link("evil"), dir("Tools"), dir("src"), dir("src/tools")];

describe("noExecFolders", () => {
  it("picks the topmost existing folders a pattern covers, at any depth unless anchored", () => {
    expect(noExecFolders(tree, ["bin/**"])).toEqual(["bin", "lib/bin"]);
    expect(noExecFolders(tree, ["/tools"])).toEqual(["Tools"]);
    expect(noExecFolders(tree, ["tools/"])).toEqual(["Tools", "src/tools"]);
  });

  it("never picks symlinks or files, and nothing without rules", () => {
    expect(noExecFolders(tree, ["evil", "*.sh"])).toEqual([]);
    expect(noExecFolders(tree, [])).toEqual([]);
  });

  it("a glob inside a name expands to every matching folder", () => {
    expect(noExecFolders(tree, ["/*o*"])).toEqual(["ok", "Tools"]);
  });
});
