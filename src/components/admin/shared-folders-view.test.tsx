import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { SharedFoldersView } from "./shared-folders-view";

const noop = () => undefined;

describe("SharedFoldersView", () => {
  it("lists folders with their mount path, host path and use", () => {
    render(
      <SharedFoldersView
        folders={[{ id: "f1", name: "datasets", description: "CSV files", hostPath: "/srv/datasets", allowWrite: false, attachedTo: 3 }]}
        onDefine={noop}
        onAllowWrite={noop}
        onDelete={noop}
        defining={false}
        error={null}
      />,
    );
    const row = screen.getByTestId("shared-folder-row");
    expect(row.textContent).toContain("/shared/datasets");
    expect(row.textContent).toContain("/srv/datasets");
    expect(row.textContent).toContain("3");
  });

  it("hands the form's values over, and toggles and deletes by id", () => {
    const onDefine = vi.fn();
    const onAllowWrite = vi.fn();
    const onDelete = vi.fn();
    render(
      <SharedFoldersView
        folders={[{ id: "f1", name: "libs", description: "", hostPath: "/srv/libs", allowWrite: false, attachedTo: 0 }]}
        onDefine={onDefine}
        onAllowWrite={onAllowWrite}
        onDelete={onDelete}
        defining={false}
        error="/srv/x is a symbolic link."
      />,
    );
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "models" } });
    fireEvent.change(screen.getByLabelText("Host path"), { target: { value: " /srv/models " } });
    fireEvent.submit(screen.getByRole("form", { name: "Share a folder" }));
    expect(onDefine).toHaveBeenCalledWith({ name: "models", hostPath: "/srv/models", description: "", allowWrite: false });
    fireEvent.click(screen.getByLabelText("Allow read-write for libs"));
    expect(onAllowWrite).toHaveBeenCalledWith("f1", true);
    fireEvent.click(screen.getByRole("button", { name: "Stop sharing libs" }));
    expect(onDelete).toHaveBeenCalledWith("f1");
    expect(screen.getByRole("alert").textContent).toContain("symbolic link");
  });

  it("explains what sharing does when there is nothing yet", () => {
    render(<SharedFoldersView folders={[]} onDefine={noop} onAllowWrite={noop} onDelete={noop} defining={false} error={null} />);
    expect(screen.getByText("No shared folders")).toBeTruthy();
  });
});
