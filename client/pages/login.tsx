import Link from 'next/link';
import { useRouter } from 'next/router';
import { Layout } from '@/components/Layout';
import { LoginForm } from '@/features/auth';
import { safeNext } from '@/lib/auth';

export default function LoginPage() {
  const router = useRouter();
  return (
    <Layout>
      <div className="narrow">
        <h1>Log in</h1>
        <LoginForm
          onLoggedIn={(user) =>
            void router.replace(safeNext(router.query.next, user.is_staff ? '/admin/dashboard' : '/my-appointments'))
          }
        />
        <p>
          <Link href="/forgot-password">Forgot your password?</Link>
        </p>
        <p>
          New customer? <Link href={{ pathname: '/register', query: router.query }}>Create an account</Link>
        </p>
      </div>
    </Layout>
  );
}
