export { AdminDashboard } from './AdminDashboard';
export { unwatchDashboard, watchDashboard } from './dashboardFeed';
