import { useEffect } from 'react';

export const consoleName = 'CodeSale console';

/** The window's title for a page whose main heading reads `heading`: the page first, then the console. */
export function pageTitle(heading: string | null | undefined): string {
  const text = heading?.replace(/\s+/g, ' ').trim();
  return text ? `${text} · ${consoleName}` : consoleName;
}

/**
 * Keeps the window's title on the page's own heading (the first h1 inside `container`), so tabs, the
 * history list and a screen reader's announcement of the page tell the pages apart (the newcomer
 * probe: every page was "CodeSale console"). Headings load with their data and change with it: the
 * container is watched, and the title is written only when it changes.
 */
export function usePageTitle(container: () => HTMLElement | null): void {
  useEffect(() => {
    const element = container();
    if (!element) return undefined;
    const update = () => {
      const title = pageTitle(element.querySelector('h1')?.textContent);
      if (document.title !== title) document.title = title;
    };
    update();
    const observer = new MutationObserver(update);
    observer.observe(element, { childList: true, subtree: true, characterData: true });
    return () => {
      observer.disconnect();
      document.title = consoleName;
    };
  }, [container]);
}
