import { Layout } from '@/components/Layout';
import { ResetRequestForm } from '@/features/auth';

export default function ForgotPasswordPage() {
  return (
    <Layout>
      <div className="narrow">
        <h1>Forgot your password?</h1>
        <ResetRequestForm />
      </div>
    </Layout>
  );
}
