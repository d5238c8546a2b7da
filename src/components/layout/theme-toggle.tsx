"use client";
import { Button } from "~/components/ui/button";
import { MoonIcon, SunIcon } from "~/components/ui/icons";
import { useTheme } from "./use-theme";

/** An icon button that switches between the light and dark themes. */
export function ThemeToggle() {
  const { theme, toggle } = useTheme();
  const label = theme === "dark" ? "Switch to light theme" : "Switch to dark theme";
  return (
    <Button variant="ghost" iconOnly aria-label={label} title={label} onClick={toggle}>
      {theme === "dark" ? <SunIcon /> : <MoonIcon />}
    </Button>
  );
}
