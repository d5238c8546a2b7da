import { describe, expect, it } from "vitest";
import { hostPathProblem } from "./host-dir";
import { isWithin } from "./paths";

const DATA = "/srv/atrium/data";
const reasonOf = (p: string) => hostPathProblem(p, DATA)?.reason ?? null;

describe("hostPathProblem", () => {
  it("accepts ordinary project directories", () => {
    for (const p of ["/home/ada/site", "/srv/projects/api", "/opt/code", "/tmp/x", "/srv/atrium/other", "/variant", "/etcetera/x"]) expect(reasonOf(p)).toBeNull();
  });

  it("refuses relative paths and null bytes", () => {
    expect(reasonOf("projects/site")).toBe("path_not_absolute");
    expect(reasonOf("./site")).toBe("path_not_absolute");
    expect(reasonOf("~/site")).toBe("path_not_absolute");
    expect(reasonOf("/home/a\0b")).toBe("invalid_path");
  });

  it("refuses the root, system directories and everything below them, however spelled", () => {
    for (const p of ["/", "//", "/etc", "/etc/", "/etc/nginx", "/usr/local/src", "/var/www", "/proc/1", "/root", "/boot", "/home/../etc", "/./etc/x"]) {
      expect([p, hostPathProblem(p, DATA)?.code]).toEqual([p, "FORBIDDEN"]);
    }
  });

  it("refuses Atrium's data dir, anything inside it, and anything containing it", () => {
    for (const p of [DATA, `${DATA}/workspaces/abc`, `${DATA}/archives`, "/srv/atrium", "/srv"]) expect([p, reasonOf(p)]).toEqual([p, "atrium_data_dir"]);
  });
});

describe("isWithin", () => {
  it("compares whole segments", () => {
    expect(isWithin("/a/b", "/a")).toBe(true);
    expect(isWithin("/a", "/a")).toBe(true);
    expect(isWithin("/ab", "/a")).toBe(false);
    expect(isWithin("/a/..b", "/a")).toBe(true);
    expect(isWithin("/", "/a")).toBe(false);
  });
});
