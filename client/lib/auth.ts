// Who is logged in, shared by the layout, page guards and features.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/router';
import { useEffect } from 'react';
import { api, ApiError, forgetCsrfToken } from './api';
import { reconnectAllSockets } from './socket';
import type { User } from './types';

export const meQueryKey = ['auth', 'me'] as const;

async function fetchMe(): Promise<User | null> {
  try {
    return await api.get<User>('/api/auth/me');
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 60_000 });
}

export function useLogout() {
  const client = useQueryClient();
  return async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      forgetCsrfToken();
      reconnectAllSockets();
      client.setQueryData(meQueryKey, null);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] });
    }
  };
}

export type Access = 'staff' | 'customer' | 'any';

/**
 * Sends anonymous visitors to /login (and back afterwards) and people of the
 * wrong kind home. `ready` is true once the user may see the page.
 */
export function useRequireUser(access: Access): { user: User | null; ready: boolean } {
  const { data: user, isPending } = useMe();
  const router = useRouter();
  const allowed =
    !!user && (access === 'any' || (access === 'staff' ? user.is_staff : !user.is_staff));

  useEffect(() => {
    if (isPending || !router.isReady) return;
    if (!user) {
      void router.replace({ pathname: '/login', query: { next: router.asPath } });
    } else if (!allowed) {
      void router.replace('/');
    }
  }, [isPending, user, allowed, router]);

  return { user: user ?? null, ready: allowed };
}

/**
 * Where to go after login: `next` only when it stays on this site, else `fallback`.
 * `next` is resolved the way the browser will read it, not checked as text: the
 * URL parser drops tabs and newlines and reads `\` as `/`, so "/\t/evil.example"
 * and "/\\evil.example" are really "//evil.example", another host.
 */
export function safeNext(next: unknown, fallback: string): string {
  if (typeof next !== 'string') return fallback;
  const origin = window.location.origin;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return fallback;
  }
  // Normalising can leave a path starting "//" ("/.//evil.example"), which the
  // router would follow as a link to another host.
  if (url.origin !== origin || url.pathname.startsWith('//')) return fallback;
  return url.pathname + url.search + url.hash;
}
