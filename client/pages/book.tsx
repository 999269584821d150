import { Layout } from '@/components/Layout';
import { Loading } from '@/components/States';
import { BookingFlow } from '@/features/booking';
import { useRequireUser } from '@/lib/auth';

export default function BookPage() {
  const { ready } = useRequireUser('customer');
  return (
    <Layout>
      <h1>Book an appointment</h1>
      {ready ? <BookingFlow /> : <Loading />}
    </Layout>
  );
}
