// Follow mode: whom this tab follows (their open file and cursor), shared by the activity strip
// (click a person) and the editor (which follows and stops when you type or click). One IDE per
// page, so a module-level store is enough; React reads it with useSyncExternalStore.
"use client";
import { useSyncExternalStore } from "react";

export interface FollowTarget {
  userId: string;
  name: string;
}

let target: FollowTarget | null = null;
const listeners = new Set<() => void>();

export function setFollow(next: FollowTarget | null): void {
  if (target?.userId === next?.userId) return;
  target = next;
  for (const l of [...listeners]) l();
}

export function getFollow(): FollowTarget | null {
  return target;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useFollow(): FollowTarget | null {
  return useSyncExternalStore(subscribe, getFollow, () => null);
}
