import Link from 'next/link';
import { Layout } from '@/components/Layout';

export default function NotFound() {
  return (
    <Layout>
      <h1>Page not found</h1>
      <p>
        <Link href="/">Go to the start page</Link>
      </p>
    </Layout>
  );
}
