import { describe, expect, it } from "vitest";
import { detectTextKind, extensionOf, looksBinary, mimeOf } from "./language";

describe("detectTextKind", () => {
  it.each([
    ["src/app.ts", "typescript", "text/x-typescript"],
    ["src/App.TSX", "typescript", "text/x-typescript"],
    ["lib/main.rs", "rust", "text/x-rust"],
    ["a/b/script.py", "python", "text/x-python"],
    ["README.md", "markdown", "text/markdown"],
    ["package.json", "json", "application/json"],
    ["Dockerfile", "dockerfile", "text/x-dockerfile"],
    ["docker/Dockerfile.dev", "dockerfile", "text/x-dockerfile"],
    ["Makefile", "makefile", "text/x-makefile"],
    [".bashrc", "shell", "text/x-shellscript"],
    ["config.yml", "yaml", "text/yaml"],
    ["notes", "plaintext", "text/plain"],
    ["weird.unknownext", "plaintext", "text/plain"],
  ])("%s is %s", (file, language, mime) => {
    expect(detectTextKind(file)).toEqual({ language, mime });
  });

  it("takes the extension after the last dot, and none for dotfiles", () => {
    expect(extensionOf("a/b.test.ts")).toBe("ts");
    expect(extensionOf(".gitignore")).toBe("");
    expect(extensionOf("dir.d/file")).toBe("");
  });
});

describe("mimeOf", () => {
  it("prefers the code table, then the mime database, then octet-stream", () => {
    expect(mimeOf("a.ts")).toBe("text/x-typescript"); // not video/mp2t
    expect(mimeOf("logo.png")).toBe("image/png");
    expect(mimeOf("blob.zzz")).toBe("application/octet-stream");
  });
});

describe("looksBinary", () => {
  it("calls UTF-8 text text, including multi-byte characters", () => {
    expect(looksBinary(Buffer.from("héllo wörld ✓ 🚀\n"))).toBe(false);
    expect(looksBinary(Buffer.alloc(0))).toBe(false);
  });

  it("calls NUL bytes and invalid UTF-8 binary", () => {
    expect(looksBinary(Buffer.from([0x68, 0x00, 0x69]))).toBe(true);
    expect(looksBinary(Buffer.from([0xff, 0xfe, 0x41]))).toBe(true);
    expect(looksBinary(Buffer.from(Array.from({ length: 256 }, (_, i) => i)))).toBe(true);
  });

  it("forgives a character cut at the end of a partial sample, but not of a whole file", () => {
    const cut = Buffer.from("ok ✓").subarray(0, 5); // ✓ is 3 bytes; keep 2 of them
    expect(looksBinary(cut, { partial: true })).toBe(false);
    expect(looksBinary(cut)).toBe(true);
  });
});
