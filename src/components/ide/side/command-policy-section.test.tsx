import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { CommandPolicyView, type CommandPolicyViewProps, parseList } from "./command-policy-section";

const base: CommandPolicyViewProps["view"] = {
  policy: null,
  invalid: false,
  strictDefaultAllowlist: ["git", "ls"],
  presets: [{ name: "worker", policy: { allowedBinaries: ["git", "ls"], blockedPatterns: [] } }],
};

function setup(props: Partial<CommandPolicyViewProps> = {}) {
  const onPreset = vi.fn();
  const onSave = vi.fn();
  render(<CommandPolicyView view={base} canManage saving={false} onPreset={onPreset} onSave={onSave} {...props} />);
  return { onPreset, onSave };
}

describe("CommandPolicyView", () => {
  it("applies the worker preset in one click", () => {
    const { onPreset } = setup();
    fireEvent.click(screen.getByRole("button", { name: "Apply the worker preset" }));
    expect(onPreset).toHaveBeenCalledWith("worker");
  });

  it("saves an allowlist and blocked patterns typed one per line", () => {
    const { onSave } = setup();
    fireEvent.click(screen.getByRole("checkbox"));
    fireEvent.change(screen.getByLabelText("Allowed programs"), { target: { value: "git\n python3 \n\nnpm" } });
    fireEvent.change(screen.getByLabelText("Blocked patterns"), { target: { value: "git push*--force" } });
    fireEvent.click(screen.getByRole("button", { name: "Save policy" }));
    expect(onSave).toHaveBeenCalledWith({ allowedBinaries: ["git", "python3", "npm"], blockedPatterns: ["git push*--force"] });
  });

  it("shows members the policy without the editor", () => {
    setup({ canManage: false, view: { ...base, policy: { allowedBinaries: ["git"], blockedPatterns: ["rm*"] } } });
    expect(screen.getByTestId("command-policy-summary").textContent).toContain("Only 1 program may run: git");
    expect(screen.getByTestId("command-policy-summary").textContent).toContain("Blocked: rm*");
    expect(screen.queryByRole("button", { name: "Save policy" })).toBeNull();
  });

  it("warns when the stored policy is invalid", () => {
    setup({ canManage: false, view: { ...base, invalid: true } });
    expect(screen.getByRole("alert").textContent).toContain("every command is refused");
  });

  it("parses lists split by lines or commas", () => {
    expect(parseList("a, b\n\n c ")).toEqual(["a", "b", "c"]);
  });
});
