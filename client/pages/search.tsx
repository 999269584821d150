// /search?q=invoice&page=2: cards on every board I may read.
import { useRouter } from 'next/router';
import { Layout } from '@/components/Layout';
import { Loading } from '@/components/States';
import { SearchPage } from '@/features/search';
import { useRequireUser } from '@/lib/auth';

export default function Search() {
  const { ready } = useRequireUser('staff');
  const router = useRouter();
  return <Layout>{ready && router.isReady ? <SearchPage /> : <Loading />}</Layout>;
}
