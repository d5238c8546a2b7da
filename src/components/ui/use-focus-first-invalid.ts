"use client";
import { type RefObject, useEffect } from "react";

/**
 * After a submit comes back with field errors, moves focus to the first field marked invalid, so
 * keyboard and screen reader users land on what to fix. `errorsKey` changes when the errors do.
 */
export function useFocusFirstInvalid(container: RefObject<HTMLElement | null>, errorsKey: string): void {
  useEffect(() => {
    if (!errorsKey) return;
    container.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [container, errorsKey]);
}

/** A stable key for a set of field errors: the names of the fields that have one. */
export function fieldErrorsKey(errors: Record<string, unknown> | undefined, serial: number): string {
  const names = Object.entries(errors ?? {})
    .filter(([, v]) => (Array.isArray(v) ? v.length > 0 : Boolean(v)))
    .map(([k]) => k);
  return names.length > 0 ? `${serial}:${names.join(",")}` : "";
}
