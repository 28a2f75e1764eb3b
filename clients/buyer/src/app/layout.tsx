import '@mantine/core/styles.css';
import { ColorSchemeScript, mantineHtmlProps } from '@mantine/core';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Header } from '../components/Header';
import classes from '../components/shell.module.css';
import { Providers } from './providers';

export const metadata: Metadata = {
  title: { default: 'CodeSale', template: '%s · CodeSale' },
  description:
    'Game keys, gift cards and software licences, paid from your wallet and held in escrow until you confirm.',
};

/** The shell: skip link, header (banner), main, footer (contentinfo). Pages bring their own h1. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" {...mantineHtmlProps}>
      <head>
        <ColorSchemeScript defaultColorScheme="light" />
      </head>
      <body>
        <Providers>
          <a href="#main" className={classes.skipLink}>
            Skip to content
          </a>
          <Header />
          <main id="main" className={classes.main} tabIndex={-1}>
            {children}
          </main>
          <footer className={classes.footer}>
            CodeSale · Payments are held in escrow until you confirm the code works. ·{' '}
            {/* The seller console, served by the API and forwarded by server.mjs on this origin: the same session. */}
            <a href="/console/" className={classes.footerLink}>
              Sell on CodeSale
            </a>
          </footer>
        </Providers>
      </body>
    </html>
  );
}
