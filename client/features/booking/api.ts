import { api } from '@/lib/api';
import type { Appointment, Availability, Service } from '@/lib/types';

export const bookingKeys = {
  services: ['services'] as const,
  availability: (service: number, date: string) => ['availability', service, date] as const,
  mine: ['appointments', 'mine'] as const,
};

export const fetchServices = () => api.get<Service[]>('/api/services');

export const fetchAvailability = (service: number, date: string, signal?: AbortSignal) =>
  api.get<Availability>(`/api/availability?service=${encodeURIComponent(service)}&date=${encodeURIComponent(date)}`, { signal });

export const bookAppointment = (
  input: { service: number; start: string; resource?: number; notes: string },
  idempotencyKey: string,
) => api.post<Appointment>('/api/appointments', input, { idempotencyKey });

export const fetchMyAppointments = () => api.get<Appointment[]>('/api/appointments');

export const cancelAppointment = (id: number) => api.post<Appointment>(`/api/appointments/${id}/cancel`);
