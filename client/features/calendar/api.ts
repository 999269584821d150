// REST calls of the calendar (docs: /tmp contract, "Staff").
import { api } from '@/lib/api';
import type { Appointment, Business, Calendar, Customer, HistoryEntry, Id, Service } from '@/lib/types';

export const calendarKeys = {
  business: ['business'] as const,
  services: ['services'] as const,
  customers: (q: string) => ['customers', q] as const,
  history: (id: Id, version: number) => ['appointment-history', id, version] as const,
};

export const fetchBusiness = () => api.get<Business>('/api/business');
export const fetchCalendar = (from: string, to: string) =>
  api.get<Calendar>(`/api/calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
export const fetchServices = () => api.get<Service[]>('/api/services');
export const searchCustomers = (q: string, signal?: AbortSignal) =>
  api.get<Customer[]>(`/api/customers?q=${encodeURIComponent(q)}`, { signal });
export const createCustomer = (input: { name: string; email: string; phone: string }) => api.post<Customer>('/api/customers', input);
export const bookAppointment = (input: { customer: Id; service: Id; start: string; resource?: Id; notes?: string }) =>
  api.post<Appointment>('/api/appointments', input);
export const fetchHistory = (id: Id) => api.get<HistoryEntry[]>(`/api/appointments/${id}/history`);

export interface RescheduleInput {
  start: string;
  end?: string;
  resource?: Id;
  expected_version?: number;
}
export const reschedule = (id: Id, input: RescheduleInput) => api.post<Appointment>(`/api/appointments/${id}/reschedule`, input);

export type StatusAction = 'confirm' | 'cancel' | 'complete' | 'no-show';
export const runAction = (id: Id, action: StatusAction, reason?: string) =>
  api.post<Appointment>(`/api/appointments/${id}/${action}`, action === 'cancel' ? { reason: reason ?? '' } : undefined);
export const saveNotes = (id: Id, notes: string, expectedVersion: number) =>
  api.patch<Appointment>(`/api/appointments/${id}`, { notes, expected_version: expectedVersion });
