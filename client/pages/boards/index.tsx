import { Layout } from '@/components/Layout';
import { Loading } from '@/components/States';
import { BoardsList } from '@/features/boards';
import { useRequireUser } from '@/lib/auth';

export default function BoardsPage() {
  const { ready } = useRequireUser('staff');
  return <Layout>{ready ? <BoardsList /> : <Loading />}</Layout>;
}
