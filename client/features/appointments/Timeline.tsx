// Today's schedule: one lane per resource, appointments and free gaps placed by time.
import { formatTime, minutesOfDay } from '@/lib/format';
import type { Schedule } from '@/lib/types';
import { Empty } from '@/components/States';

function dayRange(schedule: Schedule): [number, number] {
  if (schedule.opens && schedule.closes) return [minutesOfDay(schedule.opens), minutesOfDay(schedule.closes)];
  const times = schedule.lanes.flatMap((l) => l.items.flatMap((i) => [minutesOfDay(i.start), minutesOfDay(i.end)]));
  if (times.length === 0) return [8 * 60, 18 * 60];
  return [Math.min(...times), Math.max(...times)];
}

export function Timeline({ schedule }: { schedule: Schedule }) {
  const [from, to] = dayRange(schedule);
  const span = Math.max(to - from, 60);
  const hours: number[] = [];
  for (let h = Math.ceil(from / 60); h * 60 <= from + span; h++) hours.push(h);
  const pct = (iso: string) => ((minutesOfDay(iso) - from) / span) * 100;

  if (schedule.lanes.length === 0) return <Empty>No resources are set up.</Empty>;

  return (
    <div className="timeline" data-testid="schedule">
      {!schedule.opens ? <p className="muted">Closed today.</p> : null}
      <div className="timeline-inner">
        <div className="timeline-scale" aria-hidden="true">
          <span className="lane-name" />
          <div className="lane-track">
            {hours.map((h) => (
              <span key={h} className="tick" style={{ left: `${((h * 60 - from) / span) * 100}%` }}>
                {String(h).padStart(2, '0')}:00
              </span>
            ))}
          </div>
        </div>
        {schedule.lanes.map((lane) => (
          <div key={lane.resource.id} className="lane" data-testid={`lane-${lane.resource.id}`}>
            <span className="lane-name">{lane.resource.name}</span>
            <ul className="lane-track" aria-label={`${lane.resource.name} schedule`}>
              {lane.items.map((item) => {
                const left = pct(item.start);
                const width = Math.max(pct(item.end) - left, 0.5);
                const time = `${formatTime(item.start)}–${formatTime(item.end)}`;
                return item.type === 'appointment' ? (
                  <li
                    key={`a-${item.appointment.id}`}
                    className={`slotbar slotbar-${item.appointment.status}`}
                    style={{ left: `${left}%`, width: `${width}%` }}
                    title={`${time} ${item.appointment.service.name} – ${item.appointment.customer.name} (${item.appointment.status})`}
                    data-testid={`schedule-appointment-${item.appointment.id}`}
                  >
                    <span className="slotbar-text">
                      {formatTime(item.start)} {item.appointment.customer.name}
                    </span>
                  </li>
                ) : (
                  <li
                    key={`f-${item.start}`}
                    className="slotbar slotbar-free"
                    style={{ left: `${left}%`, width: `${width}%` }}
                    title={`Free ${time}`}
                  >
                    <span className="visually-hidden">Free {time}</span>
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </div>
    </div>
  );
}
