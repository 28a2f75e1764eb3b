import type { CodesaleClient } from '@codesale/client-shared';

export interface ConsoleWindowHook {
  apollo: CodesaleClient['apollo'];
  refresher: CodesaleClient['refresher'];
}

declare global {
  interface Window {
    __codesale?: ConsoleWindowHook;
  }
}

/**
 * The console's Apollo client on `window.__codesale`, for the browser tests (clients/console/e2e:
 * they fire several operations at once through the real links, the single in-flight refresh
 * included) and for a developer in DevTools. It grants nothing: any script of this origin can
 * already send these requests with the same cookies.
 */
export function exposeClientOnWindow(client: CodesaleClient): void {
  window.__codesale = { apollo: client.apollo, refresher: client.refresher };
}
