import { Layout } from '@/components/Layout';
import { Loading } from '@/components/States';
import { AdminDashboard } from '@/features/appointments';
import { useRequireUser } from '@/lib/auth';

export default function DashboardPage() {
  const { ready } = useRequireUser('staff');
  return <Layout wide>{ready ? <AdminDashboard /> : <Loading />}</Layout>;
}
