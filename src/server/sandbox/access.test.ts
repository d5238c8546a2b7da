import { describe, expect, it } from "vitest";
import { accessFromDb, accessToDb, assertOverlayablePath, overlayDirs, overlayVolumeName, SESSION_ACCESS, ZSessionAccess } from "./access";

describe("session access modes", () => {
  it("round-trips every mode through the database enum", () => {
    for (const mode of SESSION_ACCESS) expect(accessFromDb(accessToDb(mode))).toBe(mode);
    expect(ZSessionAccess.safeParse("rwx").success).toBe(false);
  });

  it("refuses workspace paths an overlay's option string cannot carry", () => {
    expect(() => assertOverlayablePath("/data/workspaces/abc")).not.toThrow();
    for (const bad of ["/srv/a,upperdir=/etc", "/srv/a:b", "relative/path", "/srv/a\\b", "/srv/a\nb"]) {
      expect(() => assertOverlayablePath(bad), bad).toThrow(expect.objectContaining({ reason: "cow_unsupported" }));
    }
  });

  it("keeps each session's overlay under the data dir, named by the session", () => {
    expect(overlayDirs({ dataDir: "/d" }, "s1")).toEqual({ dir: "/d/overlays/s1", upper: "/d/overlays/s1/upper", work: "/d/overlays/s1/work" });
    expect(overlayVolumeName("s1")).toBe("atrium-cow-s1");
  });
});
