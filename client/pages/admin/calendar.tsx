// /admin/calendar?view=week&date=2026-12-07: the view and the date live in the
// URL, so a link or a reload shows the same days.
import { useRouter } from 'next/router';
import { Layout } from '@/components/Layout';
import { Loading } from '@/components/States';
import { CalendarView, isValidDate, type CalendarViewName } from '@/features/calendar';
import { useRequireUser } from '@/lib/auth';

export default function CalendarPage() {
  const { ready } = useRequireUser('staff');
  const router = useRouter();
  const view: CalendarViewName = router.query.view === 'day' ? 'day' : 'week';
  const date = isValidDate(router.query.date) ? router.query.date : null;

  return (
    <Layout wide>
      {!ready || !router.isReady ? (
        <Loading />
      ) : (
        <CalendarView
          view={view}
          date={date}
          onNavigate={(v, d) => void router.replace({ pathname: router.pathname, query: { view: v, date: d } }, undefined, { shallow: true })}
        />
      )}
    </Layout>
  );
}
