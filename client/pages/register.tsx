import Link from 'next/link';
import { useRouter } from 'next/router';
import { Layout } from '@/components/Layout';
import { RegisterForm } from '@/features/auth';
import { safeNext } from '@/lib/auth';

export default function RegisterPage() {
  const router = useRouter();
  return (
    <Layout>
      <div className="narrow">
        <h1>Create an account</h1>
        <RegisterForm onRegistered={() => void router.replace(safeNext(router.query.next, '/book'))} />
        <p>
          Already registered? <Link href={{ pathname: '/login', query: router.query }}>Log in</Link>
        </p>
      </div>
    </Layout>
  );
}
