import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { collaboratorsIn, StatusBarView } from "./status-bar";
import type { EditorStatus } from "./use-editor-status";

const editor: EditorStatus = { line: 12, column: 5, selectedChars: 0, selectedLines: 0, language: "typescript", insertSpaces: true, tabSize: 4, eol: "LF" };

describe("StatusBarView", () => {
  it("shows the cursor, indentation, encoding, end of line and language of the file in front", () => {
    render(<StatusBarView connection="connected" path="src/a.ts" editor={editor} collaborators={[]} />);
    expect(screen.getByTestId("status-position").textContent).toBe("Ln 12, Col 5");
    expect(screen.getByTestId("status-indent").textContent).toBe("Spaces: 4");
    expect(screen.getByTestId("status-encoding").textContent).toBe("UTF-8");
    expect(screen.getByTestId("status-eol").textContent).toBe("LF");
    expect(screen.getByTestId("status-language").textContent).toBe("TypeScript");
    expect(screen.getByTestId("status-connection").textContent).toBe("Connected");
    expect(screen.queryByTestId("status-selection")).toBeNull();
    expect(screen.queryByTestId("status-collaborators")).toBeNull();
  });

  it("shows the selection, tabs and CRLF", () => {
    render(<StatusBarView connection="connected" path="a.py" editor={{ ...editor, selectedChars: 42, selectedLines: 3, insertSpaces: false, tabSize: 8, eol: "CRLF", language: "python" }} collaborators={[]} />);
    expect(screen.getByTestId("status-selection").textContent).toBe("(42 selected, 3 lines)");
    expect(screen.getByTestId("status-indent").textContent).toBe("Tab Size: 8");
    expect(screen.getByTestId("status-eol").textContent).toBe("CRLF");
    expect(screen.getByTestId("status-language").textContent).toBe("Python");
  });

  it("shows the connection state and who else is in this file", () => {
    const { rerender } = render(<StatusBarView connection="reconnecting" path="a.ts" editor={null} collaborators={[{ userId: "u2", name: "Bob" }]} />);
    expect(screen.getByTestId("status-connection").textContent).toBe("Reconnecting…");
    expect(screen.getByTestId("status-collaborators").textContent).toBe("Bob is here");
    expect(screen.queryByTestId("status-position")).toBeNull();
    rerender(<StatusBarView connection="failed" path="a.ts" editor={null} collaborators={[{ userId: "u2", name: "Bob" }, { userId: "u3", name: "Cleo" }]} />);
    expect(screen.getByTestId("status-connection").textContent).toBe("Offline");
    expect(screen.getByTestId("status-collaborators").textContent).toBe("2 others here: Bob, Cleo");
  });
});

describe("collaboratorsIn", () => {
  const presence = [
    { userId: "me", name: "Me", activePath: "a.ts" },
    { userId: "bob", name: "Bob", activePath: "a.ts" },
    { userId: "bob", name: "Bob", activePath: "a.ts" },
    { userId: "cleo", name: "Cleo", activePath: "b.ts" },
  ];
  it("lists other people with this file in front, once each", () => {
    expect(collaboratorsIn(presence, "a.ts", "me")).toEqual([{ userId: "bob", name: "Bob" }]);
    expect(collaboratorsIn(presence, "b.ts", "me")).toEqual([{ userId: "cleo", name: "Cleo" }]);
    expect(collaboratorsIn(presence, null, "me")).toEqual([]);
  });
});
