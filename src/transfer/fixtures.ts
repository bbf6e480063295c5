/**
 * Test fixtures: a small network as CSV files, the way a spreadsheet user writes them
 * (empty cells for defaults, short times, offsets), covering every importable type.
 */
import type { ImportSource } from './import-sources.ts';

export const NETWORK: Readonly<Record<string, string>> = {
  'centers.csv': `id,name,timeZone,lat,lon
north,North Clinic,America/Los_Angeles,34.1,-118.25
south,South Clinic,,,
`,
  'clinicians.csv': `centerId,id,name,discipline,languages,modalities,active,caseloadCap
north,c1,Ana Ruiz,psychologist,en;es,in-person;video,true,
north,c2,Ben Cole,lcsw,en,video,,40
south,c3,"Cole, Dana",lmft,en,in-person,false,12
`,
  'templates.csv': `centerId,id,clinicianId,name,effectiveFrom,effectiveTo,dailyVisitCap
north,t1,c1,Week A,2026-01-05,,8
north,t2,c2,Week B,2026-01-05,2026-12-31,
`,
  'template-sessions.csv': `centerId,templateId,weekday,startTime,minutes,kind
north,t1,1,09:00,60,intake
north,t1,1,10:00,50,followup
north,t2,3,13:30,45,followup
`,
  'admin-blocks.csv': `centerId,templateId,weekday,startTime,minutes,label
north,t1,1,13:00,120,
north,t1,5,08:00,60,charting
`,
  'stoppages.csv': `id,centerId,name,disciplines,noticeAt,start,end
s1,,Strike,lcsw;lmft,2026-10-01T00:00:00Z,2026-10-14T07:00:00Z,
`,
  'time-off.csv': `centerId,id,clinicianId,start,end,reason,stoppageId
north,o1,c2,2026-12-01T08:00:00Z,2026-12-02T08:00:00Z,,
north,o2,c2,2026-10-14T07:00:00Z,2026-10-20T07:00:00Z,strike,s1
`,
  'patients.csv': `centerId,id,memberNumber,name,birthDate,language
north,p1,M-001,Pat One,1980-02-03,en
south,p2,M-002,Pat Two,,es
`,
  'requests.csv': `centerId,id,patientId,type,standard,clockStart,deadline,extensionDeadline,extensionReason,extensionRecordedBy,extensionRecordedAt
north,r1,p1,routine-intake,nonurgent-nonphysician-mh,2026-11-24T10:00:00-08:00,,,,,
south,r2,p2,followup,followup-nonphysician-mh,2026-11-02T09:00:00-08:00,2026-11-16T23:59:59-08:00,2026-11-30T23:59:59-08:00,no harm to the patient,Dr Ruiz,2026-11-03T10:00:00-08:00
`,
  'appointments.csv': `centerId,id,clinicianId,patientCenterId,patientId,requestId,start,end,modality,kind,status
north,a1,c1,north,p1,r1,2026-11-30T17:00:00Z,2026-11-30T18:00:00Z,in-person,intake,
north,a2,c1,south,p2,r2,2026-11-30T18:00:00Z,2026-11-30T19:00:00Z,video,followup,completed
north,a3,c1,,p1,,2026-11-30T17:30:00Z,2026-11-30T18:30:00Z,in-person,followup,cancelled
`,
};

/** The network's files, replaced or added to by `changes` (file name → text). */
export function networkSources(changes: Readonly<Record<string, string>> = {}): ImportSource[] {
  return Object.entries({ ...NETWORK, ...changes }).map(([name, text]) => ({ name, text }));
}

/** Rows per table the network holds. */
export const NETWORK_COUNTS = {
  medical_centers: 2,
  clinicians: 3,
  templates: 2,
  template_sessions: 3,
  admin_blocks: 2,
  stoppages: 1,
  time_off: 2,
  patients: 2,
  requests: 2,
  appointments: 3,
};

/** A center and `count` members, as CSV: an import big enough to span several batches. */
export function manyPatients(count: number): ImportSource[] {
  const lines = Array.from(
    { length: count },
    (_, index) => `north,bulk-${index},B-${index},Member ${index},,en`,
  );
  return [
    { name: 'centers.csv', text: NETWORK['centers.csv'] ?? '' },
    {
      name: 'patients.csv',
      text: `centerId,id,memberNumber,name,birthDate,language\n${lines.join('\n')}\n`,
    },
  ];
}
