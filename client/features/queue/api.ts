import { api } from '@/lib/api';
import type { Appointment, Business, Id } from '@/lib/types';

export const queueKeys = { business: ['business'] as const };

export const fetchBusiness = () => api.get<Business>('/api/business');
export const fetchPending = () => api.get<Appointment[]>('/api/appointments/pending');
export const confirmOne = (id: Id) => api.post<Appointment>(`/api/appointments/${id}/confirm`);
export const declineOne = (id: Id, reason: string) => api.post<Appointment>(`/api/appointments/${id}/cancel`, { reason });

export type BulkResult = { id: Id; ok: true; appointment: Appointment } | { id: Id; ok: false; error: { code: string; message: string } };
export const bulk = (action: 'confirm' | 'decline', ids: Id[], reason = '') =>
  api.post<{ results: BulkResult[] }>('/api/appointments/bulk', { action, ids, ...(action === 'decline' ? { reason } : {}) });
