// Saving the IDE layout (open tabs, the active tab, the side view, the bottom view, panel sizes)
// on the server, per user and workspace, so a reload or another machine comes back to it. Saves
// are debounced and skipped when nothing changed; a failed save is retried by the next change.
"use client";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { LayoutState } from "~/server/layout/schema";
import { useTRPC } from "~/trpc/react";

export type { LayoutState };

export const LAYOUT_SAVE_DELAY_MS = 700;
/** Mirrors the server's bound (LAYOUT_LIMITS.maxTabs): the most recently opened are the last. */
const MAX_TABS = 50;

/** Cuts a layout to what the server keeps, so a save never fails on a browser with many tabs open. */
export function boundLayout(state: LayoutState): LayoutState {
  if (state.tabs.length <= MAX_TABS) return state;
  const tabs = state.tabs.slice(-MAX_TABS);
  return { ...state, tabs, active: state.active && tabs.includes(state.active) ? state.active : null };
}

export function useLayoutSaver(workspaceId: string, state: LayoutState, saved: LayoutState | null): void {
  const trpc = useTRPC();
  const save = useMutation(trpc.layout.save.mutationOptions());
  const lastSaved = useRef(saved ? JSON.stringify(saved) : null);
  const json = JSON.stringify(boundLayout(state));
  const mutate = save.mutate;
  useEffect(() => {
    if (json === lastSaved.current) return;
    const timer = setTimeout(() => {
      mutate(
        { workspaceId, state: JSON.parse(json) as LayoutState },
        {
          onSuccess: () => {
            lastSaved.current = json;
          },
        },
      );
    }, LAYOUT_SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [json, mutate, workspaceId]);
}
