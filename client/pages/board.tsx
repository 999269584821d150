// /board?id=42: a query parameter, because a static export has no runtime dynamic routes.
import { useRouter } from 'next/router';
import { Layout } from '@/components/Layout';
import { ErrorBox, Loading } from '@/components/States';
import { BoardView } from '@/features/boards';
import { useRequireUser } from '@/lib/auth';

export default function BoardPage() {
  const { ready } = useRequireUser('staff');
  const router = useRouter();
  const raw = router.query.id;
  const id = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : null;

  return (
    <Layout wide>
      {!ready || !router.isReady ? (
        <Loading />
      ) : id === null ? (
        <ErrorBox error="No board given. Open one from the boards list." />
      ) : (
        <BoardView key={id} boardId={id} />
      )}
    </Layout>
  );
}
