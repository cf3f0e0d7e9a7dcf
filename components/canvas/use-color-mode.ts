"use client";
/** React Flow's colour mode, following <html data-theme> (the switch) or else the system. */
import { useSyncExternalStore } from "react";
import type { ColorMode } from "@xyflow/react";

const subscribe = (onChange: () => void) => {
  window.addEventListener("fm-theme", onChange);
  return () => window.removeEventListener("fm-theme", onChange);
};
const read = (): ColorMode => {
  const theme = document.documentElement.getAttribute("data-theme");
  return theme === "light" || theme === "dark" ? theme : "system";
};

export function useColorMode(): ColorMode {
  return useSyncExternalStore(subscribe, read, () => "system");
}
