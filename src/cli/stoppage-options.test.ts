/**
 * `timely stoppage`'s command line read into requests, without a database: what each
 * action asks of the service, and every bad option refused by name before anything opens.
 */
import { describe, expect, it } from 'vitest';
import { isTimelyError } from '../engine/errors.ts';
import { parseStoppageCommand } from './stoppage-options.ts';

const ZONE = 'America/Los_Angeles';
const FROM = '2027-01-11T08:00:00Z';
const TO = '2027-02-08T08:00:00Z';

function parse(args: string[], options: Record<string, unknown> = {}) {
  return parseStoppageCommand(args, options, ZONE);
}

function problemOf(args: string[], options: Record<string, unknown> = {}) {
  try {
    parse(args, options);
  } catch (error) {
    if (isTimelyError(error)) return { code: error.code, path: error.path, message: error.message };
    throw error;
  }
  throw new Error('expected the command line to be refused');
}

const declaring = { name: 'NUHW strike, January', from: FROM, to: TO };

describe('declare', () => {
  it('reads the scope, the kind and the participation into the service input', () => {
    const { data, request } = parse(['declare'], {
      ...declaring,
      kind: 'strike',
      discipline: ['psychologist', 'lcsw,lmft'],
      center: ['los-angeles'],
      union: true,
      participation: '0.8',
      json: true,
      data: 'db',
    });
    expect(data).toBe('db');
    expect(request).toEqual({
      action: 'declare',
      json: true,
      input: {
        name: 'NUHW strike, January',
        kind: 'strike',
        startsAt: Date.parse(FROM),
        endsAt: Date.parse(TO),
        scope: {
          disciplines: ['psychologist', 'lcsw', 'lmft'],
          centerIds: ['los-angeles'],
          unionMember: true,
        },
        participation: 0.8,
      },
    });
  });

  it('defaults to a strike of everyone in scope, and reads times without an offset as network time', () => {
    const { request } = parse(['declare'], {
      name: 'Dr. Lee off sick',
      from: '2027-01-11T08:00',
      to: '2027-01-12',
      clinician: ['c-17'],
    });
    expect(request).toEqual({
      action: 'declare',
      json: false,
      input: {
        name: 'Dr. Lee off sick',
        kind: 'strike',
        // January in Los Angeles: UTC-8.
        startsAt: Date.parse('2027-01-11T16:00:00Z'),
        endsAt: Date.parse('2027-01-12T08:00:00Z'),
        scope: { clinicianIds: ['c-17'] },
      },
    });
  });

  it('--no-union asks for the clinicians who are not members', () => {
    const { request } = parse(['declare'], { ...declaring, union: false });
    expect(request.action === 'declare' && request.input.scope).toEqual({ unionMember: false });
  });

  it.each([
    ['a missing --name', { from: FROM, to: TO }, '--name', /required by "stoppage declare"/],
    ['a blank --name', { ...declaring, name: '  ' }, '--name', /empty/],
    ['a missing --to', { name: 'x', from: FROM }, '--to', /required/],
    ['a bad date', { ...declaring, from: 'next monday' }, '--from', /ISO 8601.*"next monday"/],
    ['an impossible date', { ...declaring, to: '2027-02-30T08:00' }, '--to', /ISO 8601/],
    ['an end before the start', { ...declaring, to: '2027-01-01T00:00Z' }, '--to', /after --from/],
    ['an end at the start', { ...declaring, to: FROM }, '--to', /after --from/],
    ['an unknown kind', { ...declaring, kind: 'lockout' }, '--kind', /strike, absence.*"lockout"/],
    ['participation 0', { ...declaring, participation: '0' }, '--participation', /above 0/],
    ['participation above 1', { ...declaring, participation: '1.5' }, '--participation', /"1\.5"/],
    [
      'participation as a percent',
      { ...declaring, participation: '80%' },
      '--participation',
      /"80%"/,
    ],
    ['an empty clinician', { ...declaring, clinician: ['c1,'] }, '--clinician', /empty/],
  ])('refuses %s, naming %s', (_, options, path, message) => {
    const problem = problemOf(['declare'], options);
    expect(problem.code).toBe('FIELD_INVALID');
    expect(problem.path).toBe(path);
    expect(problem.message.startsWith(`${path}: `)).toBe(true);
    expect(problem.message).toMatch(message);
  });
});

describe('the other actions', () => {
  it('takes the id and each action its own options', () => {
    expect(parse(['list'], { json: true }).request).toEqual({ action: 'list', json: true });
    expect(parse(['preview', 's1'], { entries: '20' }).request).toEqual({
      action: 'preview',
      id: 's1',
      entries: 20,
      json: false,
    });
    expect(parse(['execute', 's1'], { quiet: true }).request).toEqual({
      action: 'execute',
      id: 's1',
      quiet: true,
      json: false,
    });
    expect(parse(['end', 's1'], { at: '2027-01-20T08:00:00Z', moveBack: true }).request).toEqual({
      action: 'end',
      id: 's1',
      input: { at: Date.parse('2027-01-20T08:00:00Z'), moveBack: true },
      json: false,
    });
    expect(
      parse(['report', 's1'], {
        format: 'csv',
        visitCost: '180.50',
        prediction: 'sim.json',
        scenario: 'strike',
      }).request,
    ).toEqual({
      action: 'report',
      id: 's1',
      format: 'csv',
      visitCost: 180.5,
      prediction: 'sim.json',
      scenario: 'strike',
    });
    expect(parse(['notifications', 's1']).request).toEqual({
      action: 'notifications',
      id: 's1',
      out: undefined,
    });
  });

  it('defaults: a table report at the default visit cost; end now, without moving back', () => {
    expect(parse(['report', 's1']).request).toMatchObject({
      format: 'table',
      visitCost: undefined,
    });
    expect(parse(['end', 's1']).request).toMatchObject({ input: { moveBack: false } });
  });

  it.each([
    ['an unknown action', ['strike'], {}, 'action', /declare, list, preview.*"strike"/],
    ['a missing id', ['preview'], {}, 'id', /needs the stoppage's id/],
    ['an id where none is taken', ['list', 's1'], {}, 'id', /takes no id/],
    ['two ids', ['execute', 's1', 's2'], {}, 'id', /"s2"/],
    ['--entries 0', ['preview', 's1'], { entries: '0' }, '--entries', /1 to 100000, got "0"/],
    ['--entries in words', ['preview', 's1'], { entries: 'ten' }, '--entries', /"ten"/],
    ['a bad --at', ['end', 's1'], { at: 'tomorrow' }, '--at', /ISO 8601/],
    ['an unknown format', ['report', 's1'], { format: 'xml' }, '--format', /table, csv, json/],
    ['a negative visit cost', ['report', 's1'], { visitCost: '-5' }, '--visit-cost', /"-5"/],
    ['--scenario alone', ['report', 's1'], { scenario: 'a' }, '--scenario', /--prediction/],
    [
      'an option of another action',
      ['execute', 's1'],
      { entries: '5' },
      '--entries',
      /not an option of "stoppage execute"/,
    ],
    ['--json on report', ['report', 's1'], { json: true }, '--json', /use --format json/],
    ['--union on list', ['list'], { union: false }, '--union/--no-union', /not an option/],
  ])('refuses %s', (_, args, options, path, message) => {
    const problem = problemOf(args, options);
    expect(problem).toMatchObject({ code: 'FIELD_INVALID', path });
    expect(problem.message).toMatch(message);
  });
});
