import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { AccessBadge, AccessSelect } from "./access-controls";

describe("AccessSelect", () => {
  it("offers rw, ro and cow and reports the choice", () => {
    const onChange = vi.fn();
    render(<AccessSelect value="rw" onChange={onChange} />);
    const select = screen.getByLabelText("Access for a new session");
    expect([...(select as HTMLSelectElement).options].map((o) => o.value)).toEqual(["rw", "ro", "cow"]);
    fireEvent.change(select, { target: { value: "cow" } });
    expect(onChange).toHaveBeenCalledWith("cow");
  });
});

describe("AccessBadge", () => {
  it("says nothing for rw and names ro and cow", () => {
    const { container, rerender } = render(<AccessBadge access="rw" />);
    expect(container.textContent).toBe("");
    rerender(<AccessBadge access="cow" />);
    expect(screen.getByTestId("session-access").textContent).toBe("Copy-on-write");
    rerender(<AccessBadge access="ro" />);
    expect(screen.getByTestId("session-access").textContent).toBe("Read-only");
  });
});
