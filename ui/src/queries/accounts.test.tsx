import { act, screen } from "@testing-library/react";
import { useState } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { backend } from "../test/fakeBackend";
import { renderApp } from "../test/render";
import { useWorkspace } from "./accounts";
import { useDataChangedInvalidation } from "./events";

vi.mock("../ipc/bindings", async (orig) => (await import("../test/fakeBackend")).fakeBindings(await orig()));

function Reader() {
  const ws = useWorkspace();
  return <span data-testid="reader">{ws.data ? "read" : "reading"}</span>;
}

/** A page that reads the workspace, opened, left and opened again (as the navigation does). */
function Pages() {
  // the shell's one data-changed listener
  useDataChangedInvalidation();
  const [open, setOpen] = useState(true);
  return (
    <>
      <button data-testid="toggle" onClick={() => setOpen((o) => !o)} />
      {open && <Reader />}
    </>
  );
}

beforeEach(() => backend.reset());

describe("the workspace query", () => {
  it("is not asked again when a page that reads it is opened again soon, and is after a data change", async () => {
    renderApp(<Pages />);
    expect(await screen.findByText("read")).toBeInTheDocument();
    const toggle = screen.getByTestId("toggle");
    for (let visit = 0; visit < 5; visit++) {
      act(() => toggle.click());
      act(() => toggle.click());
      expect(await screen.findByText("read")).toBeInTheDocument();
    }
    expect(backend.callsOf("workspace")).toHaveLength(1);
    // an account changed: the backend says so, and the page reads it again at once
    await backend.emit("dataChanged", { kind: "accounts" });
    await vi.waitFor(() => expect(backend.callsOf("workspace")).toHaveLength(2));
  });
});
