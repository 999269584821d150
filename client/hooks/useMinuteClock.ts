// The time now, to the minute, for what a page shows relative to it (a waiting
// time, the calendar's now-line, which appointments are still upcoming). Read at
// render, Date.now() would only move when something else re-renders the page.
import { useEffect, useState } from 'react';

export function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
