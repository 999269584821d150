import { api } from '@/lib/api';
import type { CardSearchPage } from '@/lib/types';

export const searchKeys = {
  page: (q: string, page: number) => ['search', q, page] as const,
};

export const fetchSearch = (q: string, page: number) =>
  api.get<CardSearchPage>(`/api/search?${new URLSearchParams({ q, page: String(page) })}`);
