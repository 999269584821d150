import { api } from '@/lib/api';
import type { Notification, NotificationPage, NotificationPreferences } from '@/lib/types';

export const fetchNotifications = (page: number) => api.get<NotificationPage>(`/api/notifications?page=${page}`);
export const markNotificationRead = (id: number) => api.post<Notification>(`/api/notifications/${id}/read`);
export const markAllNotificationsRead = () => api.post<{ marked: number; unread: number }>('/api/notifications/read-all');
export const fetchPreferences = () => api.get<NotificationPreferences>('/api/notifications/preferences');
export const updatePreferences = (input: NotificationPreferences) =>
  api.patch<NotificationPreferences>('/api/notifications/preferences', input);
