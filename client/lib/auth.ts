// Who is logged in, shared by the layout, page guards and features.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/router';
import { useEffect, useSyncExternalStore } from 'react';
import { api, ApiError, forgetCsrfToken } from './api';
import { reconnectAllSockets } from './socket';
import type { User } from './types';

export const meQueryKey = ['auth', 'me'] as const;

/** The signed-in user, or null (the server answers null, not an error, when nobody is). */
export async function fetchMe(): Promise<User | null> {
  try {
    return await api.get<User | null>('/api/auth/me');
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

// The access the current page asked for (set by useRequireUser), so the
// layout can explain a wrong-role visit on every guarded page.
let pageAccess: Access | null = null;
const accessWatchers = new Set<() => void>();
function setPageAccess(access: Access | null) {
  pageAccess = access;
  accessWatchers.forEach((w) => w());
}
const watchPageAccess = (watcher: () => void) => {
  accessWatchers.add(watcher);
  return () => void accessWatchers.delete(watcher);
};

/** The access the current page needs, while a useRequireUser page is shown. */
export function usePageAccess(): Access | null {
  return useSyncExternalStore(watchPageAccess, () => pageAccess, () => null);
}

export function hasAccess(user: User | null | undefined, access: Access): boolean {
  return !!user && (access === 'any' || (access === 'staff' ? user.is_staff : !user.is_staff));
}

/**
 * Sends anonymous visitors to /login (and back afterwards). `ready` is true
 * once the user may see the page. People of the other kind (a customer on a
 * staff page, staff on a customer page) stay and are told why (`wrongRole`;
 * the layout shows the message), instead of being sent home silently.
 */
export function useRequireUser(access: Access): { user: User | null; ready: boolean; wrongRole: boolean } {
  const { data: user, isPending } = useMe();
  const router = useRouter();
  const allowed = hasAccess(user, access);

  useEffect(() => {
    setPageAccess(access);
    return () => setPageAccess(null);
  }, [access]);

  useEffect(() => {
    if (isPending || !router.isReady) return;
    if (!user) void router.replace({ pathname: '/login', query: { next: router.asPath } });
  }, [isPending, user, router]);

  return { user: user ?? null, ready: allowed, wrongRole: !!user && !allowed };
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
