/** The menu follows the server's policy table: a page opens for a role only if every route it reads does. */
import { describe, expect, it } from 'vitest';
import { USER_ROLES } from '../../../src/db/schema.ts';
import { homeFor, mayOpen, PAGES, pagesFor } from './catalog.ts';

describe('the pages each role may open', () => {
  it('gives the access overview to the roles that read aggregates, not to clinicians or the hotline', () => {
    const overview = PAGES.find((page) => page.id === 'overview')!;
    expect(
      ['admin', 'scheduler', 'compliance', 'regulator', 'planner'].every((role) =>
        mayOpen(role as 'admin', overview),
      ),
    ).toBe(true);
    expect(mayOpen('clinician', overview)).toBe(false);
    expect(mayOpen('hotline', overview)).toBe(false);
    expect(mayOpen('public', overview)).toBe(false);
  });

  it('gives every account the clinicians directory, and the public nothing', () => {
    expect(pagesFor('hotline').map((page) => page.id)).toEqual(['hotline', 'clinicians']);
    expect(pagesFor('public')).toEqual([]);
    expect(homeFor('clinician')).toBe('/app/clinicians');
    expect(homeFor('compliance')).toBe('/app/overview');
  });

  it('gives the scheduler page to the roles that book, and to no other', () => {
    const scheduler = PAGES.find((page) => page.id === 'scheduler')!;
    expect(USER_ROLES.filter((role) => mayOpen(role, scheduler)).sort()).toEqual([
      'admin',
      'scheduler',
    ]);
  });

  it('gives the simulator to the roles that plan or answer for access, not to clinicians or the hotline', () => {
    const simulator = PAGES.find((page) => page.id === 'simulator')!;
    expect(USER_ROLES.filter((role) => mayOpen(role, simulator)).sort()).toEqual([
      'admin',
      'compliance',
      'planner',
      'regulator',
      'scheduler',
    ]);
  });

  it('gives the hotline page to those who work or read cases, and the hotline lands on it', () => {
    const hotline = PAGES.find((page) => page.id === 'hotline')!;
    expect(USER_ROLES.filter((role) => mayOpen(role, hotline)).sort()).toEqual([
      'admin',
      'compliance',
      'hotline',
    ]);
    expect(homeFor('hotline')).toBe('/app/hotline');
  });

  it('gives the at-risk and breach lists to the roles that book or answer for access, no other', () => {
    for (const id of ['at-risk', 'breaches']) {
      const page = PAGES.find((p) => p.id === id)!;
      expect(USER_ROLES.filter((role) => mayOpen(role, page)).sort()).toEqual([
        'admin',
        'compliance',
        'scheduler',
      ]);
    }
  });

  it('names only routes the policy table knows (a typo would hide a page from everyone)', () => {
    for (const page of PAGES) expect(pagesFor('admin')).toContain(page);
  });
});
