export { MentionInput, type Mentionable } from './MentionInput';
export { NotificationBell } from './NotificationBell';
