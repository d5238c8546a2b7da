"use client";
// Marks <html data-hydrated> once React has hydrated the page. Until then the server's HTML is
// on screen but a click on a button does nothing; browser tests (and any automation) wait for
// this mark instead of guessing how long hydration takes on a busy machine.
import { useEffect } from "react";

export function HydrationMark() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return null;
}
