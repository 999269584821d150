import Link from 'next/link';
import { useRouter } from 'next/router';
import type { ReactNode } from 'react';
import { useLogout, useMe } from '@/lib/auth';

export function Layout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const { data: user } = useMe();
  const logout = useLogout();
  const router = useRouter();

  const links = user
    ? user.is_staff
      ? [
          { href: '/admin/dashboard', label: 'Dashboard' },
          { href: '/boards', label: 'Boards' },
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
        {user ? (
          <div className="whoami">
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
        {children}
      </main>
    </>
  );
}
