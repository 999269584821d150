import Link from 'next/link';
import { useRouter } from 'next/router';
import type { ReactNode } from 'react';
import { hasAccess, useLogout, useMe, usePageAccess } from '@/lib/auth';
import type { User } from '@/lib/types';
import { NotificationBell } from '@/features/notifications';
import { ThemeToggle } from './ThemeToggle';

export function Layout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const { data: user } = useMe();
  const logout = useLogout();
  const router = useRouter();
  const pageAccess = usePageAccess();
  const wrongRole = !!user && pageAccess !== null && !hasAccess(user, pageAccess);

  const links = user
    ? user.is_staff
      ? [
          { href: '/admin/dashboard', label: 'Dashboard' },
          { href: '/admin/calendar', label: 'Calendar' },
          { href: '/admin/queue', label: 'Queue' },
          { href: '/boards', label: 'Boards' },
          { href: '/search', label: 'Search' },
        ]
      : [
          { href: '/book', label: 'Book' },
          { href: '/my-appointments', label: 'My appointments' },
        ]
    : [
        { href: '/book', label: 'Book' },
        { href: '/login', label: 'Log in' },
        { href: '/register', label: 'Register' },
      ];

  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          Front desk
        </Link>
        <nav aria-label="Main">
          {links.map((l) => (
            <Link key={l.href} href={l.href} aria-current={router.pathname.startsWith(l.href) ? 'page' : undefined}>
              {l.label}
            </Link>
          ))}
        </nav>
        <ThemeToggle />
        {user ? (
          <div className="whoami">
            {user.is_staff ? <NotificationBell /> : null}
            <span data-testid="current-user">{user.name || user.email}</span>
            <button
              type="button"
              className="link"
              onClick={async () => {
                await logout();
                await router.push('/login');
              }}
            >
              Log out
            </button>
          </div>
        ) : null}
      </header>
      <main id="main" className={wide ? 'main wide' : 'main'}>
        {wrongRole ? <WrongRole user={user} /> : children}
      </main>
    </>
  );
}

/** A signed-in person on a page for the other kind of user: say so, and where to go. */
function WrongRole({ user }: { user: User }) {
  const pageFor = user.is_staff ? 'customers' : 'staff';
  const signedInAs = user.is_staff ? 'a staff member' : 'a customer';
  const home = user.is_staff
    ? { href: '/admin/dashboard', label: 'Go to the staff dashboard' }
    : { href: '/my-appointments', label: 'Go to my appointments' };
  return (
    <section className="panel wrong-role" role="alert" data-testid="wrong-role">
      <h1>
        This page is for {pageFor}. You are signed in as {signedInAs}.
      </h1>
      <p>
        <Link href={home.href}>{home.label}</Link>
      </p>
    </section>
  );
}
