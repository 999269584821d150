import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '@/lib/api';
import { env } from '@/lib/env';
import type { Appointment, Availability, Business, Resource, Service, Slot } from '@/lib/types';

export interface AvailabilityDay {
  date: string;
  /** false: closed that day. */
  open: boolean;
  /** At least one free slot that starts in the future. */
  available: boolean;
}

export interface AvailabilityDays {
  month: string;
  service: number;
  days: AvailabilityDay[];
}

export const bookingKeys = {
  business: ['business'] as const,
  services: ['services'] as const,
  resources: ['resources'] as const,
  availability: (service: number, date: string, resource: number | null = null) => ['availability', service, date, resource] as const,
  days: (service: number, month: string, resource: number | null) => ['availability', 'days', service, month, resource] as const,
  next: (service: number, resource: number | null) => ['availability', 'next', service, resource] as const,
  mine: ['appointments', 'mine'] as const,
};

function withResource(path: string, resource: number | null | undefined): string {
  return resource ? `${path}&resource=${encodeURIComponent(resource)}` : path;
}

export const fetchBusiness = () => api.get<Business>('/api/business');

export const fetchServices = () => api.get<Service[]>('/api/services');

export const fetchResources = () => api.get<Resource[]>('/api/resources');

/** The day's free slots; with `resource`, only the ones that resource is free for. */
export async function fetchAvailability(service: number, date: string, signal?: AbortSignal, resource: number | null = null) {
  const answer = await api.get<Availability>(
    withResource(`/api/availability?service=${encodeURIComponent(service)}&date=${encodeURIComponent(date)}`, resource),
    { signal },
  );
  if (!resource) return answer;
  return { ...answer, slots: answer.slots.filter((s) => s.resource_ids.includes(resource)) };
}

export const fetchAvailabilityDays = (service: number, month: string, resource: number | null, signal?: AbortSignal) =>
  api.get<AvailabilityDays>(
    withResource(`/api/availability/days?service=${encodeURIComponent(service)}&month=${encodeURIComponent(month)}`, resource),
    { signal },
  );

/** The first free slot, or null when nothing is free in the next 90 days (404). */
export async function fetchNextAvailable(service: number, resource: number | null, signal?: AbortSignal): Promise<Slot | null> {
  try {
    return await api.get<Slot>(withResource(`/api/availability/next?service=${encodeURIComponent(service)}`, resource), { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export const bookAppointment = (
  input: { service: number; start: string; resource?: number; notes: string },
  idempotencyKey: string,
) => api.post<Appointment>('/api/appointments', input, { idempotencyKey });

export const fetchMyAppointments = () => api.get<Appointment[]>('/api/appointments');

export const cancelAppointment = ({ id, reason }: { id: number; reason: string }, idempotencyKey?: string) =>
  api.post<Appointment>(`/api/appointments/${id}/cancel`, { reason }, { idempotencyKey });

export const rescheduleAppointment = (
  { id, start, resource, expectedVersion }: { id: number; start: string; resource?: number; expectedVersion: number },
  idempotencyKey?: string,
) =>
  api.post<Appointment>(
    `/api/appointments/${id}/reschedule`,
    { start, expected_version: expectedVersion, ...(resource ? { resource } : {}) },
    { idempotencyKey },
  );

/** The appointment as an iCalendar file (own or staff). */
export function calendarFileUrl(id: number): string {
  return `${env.apiUrl}/api/appointments/${id}/calendar.ics`;
}

/** Business settings: change only with a deployment, so read once per page load. */
export function useBusiness() {
  return useQuery({ queryKey: bookingKeys.business, queryFn: fetchBusiness, staleTime: Infinity });
}

export function useServices() {
  return useQuery({ queryKey: bookingKeys.services, queryFn: fetchServices, staleTime: 60_000 });
}

export function useResources() {
  return useQuery({ queryKey: bookingKeys.resources, queryFn: fetchResources, staleTime: 60_000 });
}

/** The resources a customer may choose for `service` (all active ones when it names none). */
export function serviceResources(service: Pick<Service, 'resource_ids'> | null | undefined, resources: Resource[]): Resource[] {
  if (!service) return [];
  if (service.resource_ids.length === 0) return resources;
  return resources.filter((r) => service.resource_ids.includes(r.id));
}
