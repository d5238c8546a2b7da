"use client";
import { useSyncExternalStore } from "react";

const noSubscribe = () => () => undefined;

/** False during server rendering and hydration, true once React runs this component in the browser. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
}
