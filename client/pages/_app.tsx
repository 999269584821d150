import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { AppProps } from 'next/app';
import Head from 'next/head';
import { useState } from 'react';
import { ApiError } from '@/lib/api';
import '@/lib/env'; // validate the environment at start-up
import { ToastProvider } from '@/components/Toast';
import '@/styles/globals.css';

export default function App({ Component, pageProps }: AppProps) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            // Live pages get changes over Socket.IO; no refetch on focus or interval.
            refetchOnWindowFocus: false,
            retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
          },
        },
      }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <Head>
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>Front desk</title>
          <link rel="icon" href="data:," />
        </Head>
        <Component {...pageProps} />
      </ToastProvider>
    </QueryClientProvider>
  );
}
