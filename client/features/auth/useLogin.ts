import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, forgetCsrfToken } from '@/lib/api';
import { meQueryKey } from '@/lib/auth';
import { reconnectAllSockets } from '@/lib/socket';
import type { User } from '@/lib/types';

export function useLogin() {
  const client = useQueryClient();
  return useCallback(
    async (email: string, password: string): Promise<User> => {
      const user = await api.post<User>('/api/auth/login', { email, password });
      forgetCsrfToken(); // Django rotates the CSRF token on login
      reconnectAllSockets(); // sockets opened before carry the old session
      client.setQueryData(meQueryKey, user);
      // Anything cached for the previous (anonymous) visitor is not theirs.
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] });
      return user;
    },
    [client],
  );
}
