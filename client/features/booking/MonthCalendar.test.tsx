import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { AvailabilityDay } from './api';
import { MonthCalendar } from './MonthCalendar';

// December 2026: Sundays closed, the 10th fully booked, everything else free.
function december(): Record<string, AvailabilityDay> {
  const days: Record<string, AvailabilityDay> = {};
  for (let d = 1; d <= 31; d++) {
    const date = `2026-12-${String(d).padStart(2, '0')}`;
    const sunday = new Date(`${date}T12:00:00Z`).getUTCDay() === 0;
    days[date] = { date, open: !sunday, available: !sunday && d !== 10 };
  }
  return days;
}

function Harness({ onSelect }: { onSelect: (date: string) => void }) {
  const [month, setMonth] = useState('2026-12');
  return (
    <MonthCalendar
      month={month}
      onMonthChange={setMonth}
      minMonth="2026-12"
      maxMonth="2027-12"
      days={month === '2026-12' ? december() : undefined}
      selected={null}
      onSelect={onSelect}
      today="2026-12-02"
      locale="en-GB"
    />
  );
}

describe('MonthCalendar', () => {
  it('marks past, closed, full and free days, and picks only free ones', () => {
    const onSelect = vi.fn();
    render(<Harness onSelect={onSelect} />);
    expect(screen.getByRole('grid', { name: 'December 2026' })).toBeTruthy();
    expect(screen.getByTestId('day-2026-12-01').getAttribute('data-state')).toBe('past');
    expect(screen.getByTestId('day-2026-12-06').getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByTestId('day-2026-12-06').getAttribute('aria-label')).toMatch(/^Sunday,? 6 December 2026, closed$/);
    expect(screen.getByTestId('day-2026-12-10').getAttribute('data-state')).toBe('full');
    expect(screen.getByTestId('day-2026-12-02').getAttribute('aria-current')).toBe('date');

    fireEvent.click(screen.getByTestId('day-2026-12-06'));
    fireEvent.click(screen.getByTestId('day-2026-12-10'));
    expect(onSelect).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('day-2026-12-08'));
    expect(onSelect).toHaveBeenCalledWith('2026-12-08');
  });

  it('has one Tab stop, the first free day, and moves it with the keyboard', () => {
    render(<Harness onSelect={() => {}} />);
    const tabbable = screen.getAllByRole('button').filter((b) => b.dataset.date && b.tabIndex === 0);
    expect(tabbable.map((b) => b.dataset.date)).toEqual(['2026-12-02']);

    screen.getByTestId('day-2026-12-02').focus();
    fireEvent.keyDown(screen.getByTestId('day-2026-12-02'), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByTestId('day-2026-12-09'));
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement).toBe(screen.getByTestId('day-2026-12-13'));
    // Past the end of the month: the calendar turns the page.
    fireEvent.keyDown(document.activeElement!, { key: 'PageDown' });
    expect(screen.getByTestId('calendar-month').textContent).toBe('January 2027');
    expect(document.activeElement).toBe(screen.getByTestId('day-2027-01-13'));
    expect(screen.getByTestId('day-2027-01-13').getAttribute('data-state')).toBe('loading');
  });

  it('does not go before the first month', () => {
    render(<Harness onSelect={() => {}} />);
    expect((screen.getByTestId('calendar-prev') as HTMLButtonElement).disabled).toBe(true);
    screen.getByTestId('day-2026-12-02').focus();
    fireEvent.keyDown(screen.getByTestId('day-2026-12-02'), { key: 'PageUp' });
    expect(screen.getByTestId('calendar-month').textContent).toBe('December 2026');
    expect(document.activeElement).toBe(screen.getByTestId('day-2026-12-01'));
    fireEvent.click(screen.getByTestId('calendar-next'));
    expect(screen.getByTestId('calendar-month').textContent).toBe('January 2027');
  });
});
