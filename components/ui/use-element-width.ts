"use client";
// The rendered width of an element, kept current with a ResizeObserver, for charts drawn at the
// pixel size they are shown at (text stays legible on a phone, unlike a scaled viewBox).
import { useEffect, useRef, useState } from "react";

export function useElementWidth<T extends HTMLElement>(fallback: number): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(Math.floor(entry.contentRect.width), 1));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
