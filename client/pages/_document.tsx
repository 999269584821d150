import { Head, Html, Main, NextScript } from 'next/document';
import { THEME_BOOT_SCRIPT } from '@/lib/theme';

export default function Document() {
  return (
    <Html lang="en">
      <Head>
        {/* Before the first paint: the light or dark theme (lib/theme.ts). */}
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </Head>
      <body>
        <Main />
        <NextScript />
      </body>
    </Html>
  );
}
