/**
 * A clinician's week: the template's sessions (FHIR Slots: free, booked, time off), its
 * admin blocks (GET /templates), and the booked appointments (FHIR Appointment search),
 * whose patients show by id only. One column a day, clinic-local times.
 */
import type { Bundle, FhirAppointment, FhirSlot, Page, Template } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { adminBlocksOfWeek } from './admin-blocks.ts';
import { addDays, clinicDate, clinicInstant, formatDay, formatTime } from './time.ts';

interface Entry {
  readonly start: number;
  readonly end: number;
  readonly kind: 'free' | 'booked' | 'off' | 'admin';
  readonly text: string;
}

const KIND_LABEL: Readonly<Record<Entry['kind'], string>> = {
  free: 'Free',
  booked: 'Booked',
  off: 'Time off',
  admin: 'Admin',
};

export function ClinicianWeek({
  clinicianId,
  clinicianName,
  monday,
  attempt,
  onRetry,
}: {
  readonly clinicianId: string;
  readonly clinicianName: string;
  readonly monday: string;
  readonly attempt: number;
  readonly onRetry: () => void;
}) {
  const from = new Date(clinicInstant(monday)).toISOString();
  const to = new Date(clinicInstant(addDays(monday, 7))).toISOString();
  const id = encodeURIComponent(clinicianId);
  const slots = useApi<Bundle<FhirSlot>>(
    `/fhir/Slot?schedule=Schedule/${id}&start=ge${from}&start=lt${to}&_count=200`,
    attempt,
  );
  const appointments = useApi<Bundle<FhirAppointment>>(
    `/fhir/Appointment?practitioner=Practitioner/${id}&date=ge${from}&date=lt${to}&_count=200`,
    attempt,
  );
  const templates = useApi<Page<Template>>(
    `/templates?clinician=${id}&activeOn=${monday}&limit=20`,
    attempt,
  );

  const states = [slots, appointments, templates];
  const failed = states.find((s) => s.state === 'error');
  if (failed?.state === 'error') return <Failure message={failed.message} onRetry={onRetry} />;
  if (slots.state !== 'ready' || appointments.state !== 'ready' || templates.state !== 'ready')
    return <Loading what={`${clinicianName}'s week`} />;

  const entries: Entry[] = [];
  const patientAt = new Map<number, string>();
  for (const { resource } of appointments.data.entry ?? []) {
    if (resource.status === 'cancelled') continue;
    const patient = resource.participant
      .map((p) => p.actor?.reference ?? '')
      .find((ref) => ref.startsWith('Patient/'));
    patientAt.set(Date.parse(resource.start), patient ? patient.slice('Patient/'.length) : '');
  }
  for (const { resource } of slots.data.entry ?? []) {
    const start = Date.parse(resource.start);
    const end = Date.parse(resource.end);
    const kindCode = resource.appointmentType?.coding?.[0]?.code;
    const session = kindCode === 'followup' ? 'follow-up' : (kindCode ?? 'session');
    if (resource.status === 'free') entries.push({ start, end, kind: 'free', text: session });
    else if (resource.status === 'busy-unavailable')
      entries.push({ start, end, kind: 'off', text: session });
    else {
      const patient = patientAt.get(start);
      entries.push({
        start,
        end,
        kind: 'booked',
        text: patient ? `patient ${patient}` : session,
      });
    }
  }
  entries.push(...adminBlocksOfWeek(templates.data.items, monday, entries));
  entries.sort((a, b) => a.start - b.start);
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const byDay = new Map(days.map((d) => [d, entries.filter((e) => clinicDate(e.start) === d)]));
  const count = (kind: Entry['kind']) => entries.filter((e) => e.kind === kind).length;

  return (
    <>
      <p className="week-summary" role="status">
        {count('booked')} booked · {count('free')} free · {count('off')} time off · {count('admin')}{' '}
        admin blocks
      </p>
      {entries.length === 0 ? (
        <Empty>{clinicianName} has no sessions this week.</Empty>
      ) : (
        <TableRegion label={`${clinicianName}'s week`} id="week">
          <div className="week">
            {days.map((day) => (
              <section key={day} className="week-day" aria-label={formatDay(day)}>
                <h3>{formatDay(day)}</h3>
                {(byDay.get(day) ?? []).length === 0 ? (
                  <p className="week-none">No sessions</p>
                ) : (
                  <ul className="week-list">
                    {(byDay.get(day) ?? []).map((e) => (
                      <li key={`${e.kind}${e.start}`} className={`slot slot-${e.kind}`}>
                        <span className="slot-time">
                          {formatTime(e.start)}–{formatTime(e.end)}
                        </span>{' '}
                        <strong>{KIND_LABEL[e.kind]}</strong> <span>{e.text}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            ))}
          </div>
        </TableRegion>
      )}
    </>
  );
}
