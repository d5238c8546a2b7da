// Dates for people: "3 minutes ago", "in 30 days", with the full date in a tooltip. A shared
// ticking clock keeps every relative time on the page current without one timer each.
"use client";
import { useSyncExternalStore } from "react";

let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 30_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const getNow = () => now;

/** The current time, refreshed every 30 seconds while something shows it. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, getNow, getNow);
}

const DAY = 86_400_000;
/** Each unit, its length, and from when it is used: days up to 45, so "in 30 days" stays exact. */
const UNITS: [Intl.RelativeTimeFormatUnit, number, number][] = [
  ["year", 365 * DAY, 350 * DAY],
  ["month", 30 * DAY, 45 * DAY],
  ["day", DAY, 23 * 3_600_000],
  ["hour", 3_600_000, 55 * 60_000],
  ["minute", 60_000, 45_000],
];

export function formatRelative(date: Date, reference: number): string {
  const diff = date.getTime() - reference;
  const abs = Math.abs(diff);
  if (abs < 45_000) return "just now";
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "always" });
  for (const [unit, length, from] of UNITS) {
    if (abs >= from) return rtf.format(Math.round(diff / length), unit);
  }
  return "just now";
}

export function formatDateTime(date: Date): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(date);
}

export function formatDate(date: Date): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(date);
}

/** A relative time in a <time> element; `fallback` when there is no date. */
export function RelativeTime({ date, fallback = "—" }: { date: Date | null; fallback?: string }) {
  const reference = useNow();
  if (!date) return <span className="cell-muted">{fallback}</span>;
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date)}>
      {formatRelative(date, reference)}
    </time>
  );
}

/** A calendar date in a <time> element, with date and time in the tooltip. */
export function DateOnly({ date }: { date: Date }) {
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date)}>
      {formatDate(date)}
    </time>
  );
}
