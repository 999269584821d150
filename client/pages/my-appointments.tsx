import { Layout } from '@/components/Layout';
import { Loading } from '@/components/States';
import { MyAppointments } from '@/features/booking';
import { useRequireUser } from '@/lib/auth';

export default function MyAppointmentsPage() {
  const { ready } = useRequireUser('customer');
  return <Layout>{ready ? <MyAppointments /> : <Loading />}</Layout>;
}
