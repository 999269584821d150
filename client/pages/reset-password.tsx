// Opened from the emailed link: /reset-password?uid=...&token=...
import Link from 'next/link';
import { useRouter } from 'next/router';
import { Layout } from '@/components/Layout';
import { Loading } from '@/components/States';
import { ResetConfirmForm } from '@/features/auth';

export default function ResetPasswordPage() {
  const router = useRouter();
  const { uid, token } = router.query;
  return (
    <Layout>
      <div className="narrow">
        <h1>Choose a new password</h1>
        {!router.isReady ? (
          <Loading />
        ) : typeof uid === 'string' && typeof token === 'string' ? (
          <ResetConfirmForm uid={uid} token={token} />
        ) : (
          <p className="error-box" role="alert">
            This link is incomplete. <Link href="/forgot-password">Ask for a new one</Link>.
          </p>
        )}
      </div>
    </Layout>
  );
}
