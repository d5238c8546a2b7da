import { describe, expect, it } from "vitest";
import { findInputProblem, inputProblemError } from "./input-hygiene";

describe("findInputProblem", () => {
  it("finds NUL, unpaired surrogates and prototype keys, naming the field", () => {
    expect(findInputProblem({ q: "a\u0000" })).toEqual({ kind: "nul", field: "q" });
    expect(findInputProblem({ command: ["echo", "\ud800"] })).toEqual({ kind: "unpaired_surrogate", field: "command[1]" });
    expect(findInputProblem({ label: "x\udc00" })).toEqual({ kind: "unpaired_surrogate", field: "label" });
    expect(findInputProblem(JSON.parse('{"metadata":{"__proto__":{"a":1}}}'))).toEqual({ kind: "prototype_key", field: "metadata.__proto__" });
    expect(findInputProblem({ metadata: { constructor: 1 } })).toEqual({ kind: "prototype_key", field: "metadata.constructor" });
    expect(findInputProblem({ metadata: { ["a\u0000"]: 1 } })).toEqual({ kind: "nul", field: "metadata.a\u0000" });
    // An object literal's __proto__ sets the prototype: that is caught too.
    expect(findInputProblem({ env: { __proto__: { PATH: "/x" } } })).toEqual({ kind: "prototype_key", field: "env.__proto__" });
    expect(findInputProblem(new Map([["k", "\u0000"]]))).toEqual({ kind: "nul", field: "k" });
  });

  it("lets valid text, pairs, content with NUL and binary through", () => {
    expect(findInputProblem({ name: "café 🎉", nested: [{ ok: true, n: 1, d: new Date() }] })).toBeNull();
    expect(findInputProblem({ path: "a.txt", content: "bin\u0000ary" })).toBeNull();
    expect(findInputProblem({ stdin: "\u0000" })).toBeNull();
    expect(findInputProblem({ data: new Uint8Array([0, 1]) })).toBeNull();
    expect(findInputProblem(Object.create(null) as object)).toBeNull();
    expect(findInputProblem({ data: "\u0000" }, { nulAllowedKeys: new Set(["data"]) })).toBeNull();
  });

  it("refuses inputs nested beyond reason instead of walking them forever", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(findInputProblem(deep)?.kind).toBe("too_deep");
  });
});

describe("inputProblemError", () => {
  it("is a 400 INVALID_INPUT that says which field and what to do", () => {
    const e = inputProblemError({ kind: "nul", field: "label" });
    expect(e.httpStatus).toBe(400);
    expect(e.toJSON()).toMatchObject({ code: "INVALID_INPUT", reason: "nul_character", details: { field: "label" } });
    expect(e.message).toMatch(/"label" contains a NUL character.*Remove it/);
  });
});
