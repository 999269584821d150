import { Layout } from '@/components/Layout';
import { Loading } from '@/components/States';
import { QueueView } from '@/features/queue';
import { useRequireUser } from '@/lib/auth';

export default function QueuePage() {
  const { ready } = useRequireUser('staff');
  return <Layout>{ready ? <QueueView /> : <Loading />}</Layout>;
}
