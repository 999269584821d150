import Link from 'next/link';
import { Layout } from '@/components/Layout';
import { Loading } from '@/components/States';
import { useMe } from '@/lib/auth';

export default function Home() {
  const { data: user, isPending } = useMe();
  return (
    <Layout>
      <h1>Front desk</h1>
      {isPending ? (
        <Loading />
      ) : user?.is_staff ? (
        <div className="tiles">
          <Link className="tile" href="/admin/dashboard">
            <strong>Today’s dashboard</strong>
            <span>Pending requests, today’s appointments and schedule, live.</span>
          </Link>
          <Link className="tile" href="/boards">
            <strong>Workflow boards</strong>
            <span>Kanban boards shared with the team.</span>
          </Link>
        </div>
      ) : user ? (
        <div className="tiles">
          <Link className="tile" href="/book">
            <strong>Book an appointment</strong>
            <span>Pick a service, a day and a free time.</span>
          </Link>
          <Link className="tile" href="/my-appointments">
            <strong>My appointments</strong>
            <span>See their status or cancel.</span>
          </Link>
        </div>
      ) : (
        <div className="tiles">
          <Link className="tile" href="/register">
            <strong>New here?</strong>
            <span>Create an account to book an appointment.</span>
          </Link>
          <Link className="tile" href="/login">
            <strong>Log in</strong>
            <span>Customers and staff.</span>
          </Link>
        </div>
      )}
    </Layout>
  );
}
