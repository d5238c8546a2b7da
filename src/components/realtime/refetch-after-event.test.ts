import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { refetchAfterEvent } from "./refetch-after-event";

/** A query whose first fetch answers from before a change that happens while it is in flight. */
async function raceFirstFetch(onChange: (client: QueryClient) => Promise<void>): Promise<string | undefined> {
  const client = new QueryClient();
  let state = "running";
  let release!: () => void;
  const firstAnswered = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  const observer = new QueryObserver(client, {
    queryKey: ["task", "t1"],
    queryFn: async () => {
      calls += 1;
      const seen = state; // read before the change, answered after it
      if (calls === 1) await firstAnswered;
      return seen;
    },
  });
  const unsubscribe = observer.subscribe(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 0));
  state = "completed";
  const refetched = onChange(client);
  release();
  await refetched;
  await new Promise((resolve) => setTimeout(resolve, 0));
  const data = client.getQueryData<string>(["task", "t1"]);
  unsubscribe();
  client.clear();
  return data;
}

describe("refetchAfterEvent", () => {
  it("refetches a query whose first fetch was in flight when the change was announced", async () => {
    expect(await raceFirstFetch((client) => refetchAfterEvent(client, ["task", "t1"]))).toBe("completed");
  });

  it("is needed: a plain invalidate keeps the in-flight answer from before the change", async () => {
    expect(await raceFirstFetch((client) => client.invalidateQueries({ queryKey: ["task", "t1"] }))).toBe("running");
  });
});
