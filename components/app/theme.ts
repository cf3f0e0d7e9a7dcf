/** The colour theme: the system's unless the person chose one (cookie `fm-theme`, read by app/layout.tsx). */
export const THEME_COOKIE = "fm-theme";
export type ThemeChoice = "system" | "light" | "dark";

export function parseTheme(value: string | undefined): ThemeChoice {
  return value === "light" || value === "dark" ? value : "system";
}
