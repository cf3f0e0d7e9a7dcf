"use client";
/** System / light / dark: written to <html data-theme> at once and to a cookie for the next page. */
import { useSyncExternalStore } from "react";
import { Monitor, Moon, Sun } from "lucide-react";
import { THEME_COOKIE, parseTheme, type ThemeChoice } from "./theme";

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: "light", light: "dark", dark: "system" };
const LOOK = { system: { Icon: Monitor, label: "Theme: system" }, light: { Icon: Sun, label: "Theme: light" }, dark: { Icon: Moon, label: "Theme: dark" } };

export function applyTheme(choice: ThemeChoice) {
  if (choice === "system") document.documentElement.removeAttribute("data-theme");
  else document.documentElement.setAttribute("data-theme", choice);
  document.cookie = `${THEME_COOKIE}=${choice}; path=/; max-age=31536000; samesite=lax`;
  window.dispatchEvent(new Event("fm-theme"));
}

const subscribe = (onChange: () => void) => {
  window.addEventListener("fm-theme", onChange);
  return () => window.removeEventListener("fm-theme", onChange);
};
const readChoice = (): ThemeChoice => parseTheme(document.documentElement.getAttribute("data-theme") ?? undefined);

export function ThemeSwitch() {
  const choice = useSyncExternalStore(subscribe, readChoice, (): ThemeChoice => "system");
  const { Icon, label } = LOOK[choice];
  return (
    <button
      type="button"
      onClick={() => applyTheme(NEXT[choice])}
      aria-label={`${label} (switch)`}
      title={`${label}: click to change`}
      data-testid="theme-switch"
      data-theme-choice={choice}
      className="rounded-md p-1.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
    >
      <Icon className="h-4 w-4" aria-hidden />
    </button>
  );
}
