/**
 * Synthetic people for a synthetic network: plan members (home center, language, birth
 * date, member number) and display names for members and clinicians. Names are drawn
 * from short lists of common given and family names in the languages members speak, so
 * they read as Southern California without describing anyone: no real patient or
 * clinician is behind any of them.
 */
import { Random } from '../random.ts';
import { MEMBER_LANGUAGES, SOCAL_CENTER_WEIGHTS, SOCAL_CENTERS } from './southern-california.ts';

export interface SyntheticPatient {
  readonly id: string;
  /** Home medical center. */
  readonly center: string;
  readonly memberNumber: string;
  readonly name: string;
  /** YYYY-MM-DD */
  readonly birthDate: string;
  /** Preferred language (ISO 639-1). */
  readonly language: string;
}

const GIVEN: Readonly<Record<string, readonly string[]>> = {
  en: ['Alex', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Jamie', 'Avery', 'Quinn', 'Sam'],
  es: ['María', 'José', 'Lucía', 'Carlos', 'Sofía', 'Miguel', 'Elena', 'Javier', 'Rosa', 'Luis'],
  zh: ['Wei', 'Fang', 'Jing', 'Lei', 'Min', 'Hui', 'Jun', 'Yan', 'Tao', 'Ling'],
  vi: ['Anh', 'Linh', 'Minh', 'Thảo', 'Huy', 'Lan', 'Quang', 'Mai', 'Tuấn', 'Hoa'],
  ko: ['Ji-woo', 'Min-jun', 'Seo-yeon', 'Ha-eun', 'Do-hyun', 'Ye-jin', 'Sung-min', 'Eun-ji'],
  tl: ['Maricel', 'Jomar', 'Lorna', 'Rodel', 'Aileen', 'Ramil', 'Cherry', 'Noel', 'Joy'],
  hy: ['Anahit', 'Aram', 'Lusine', 'Tigran', 'Narine', 'Armen', 'Sona', 'Hayk', 'Mariam'],
};

const FAMILY: Readonly<Record<string, readonly string[]>> = {
  en: ['Smith', 'Johnson', 'Brown', 'Miller', 'Davis', 'Wilson', 'Moore', 'Clark', 'Hall'],
  es: ['García', 'Hernández', 'López', 'Martínez', 'González', 'Rodríguez', 'Pérez', 'Flores'],
  zh: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou'],
  vi: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ'],
  ko: ['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon', 'Jang'],
  tl: ['Santos', 'Reyes', 'Cruz', 'Bautista', 'Ocampo', 'Garcia', 'Mendoza', 'Torres'],
  hy: ['Petrosyan', 'Harutyunyan', 'Sargsyan', 'Hakobyan', 'Grigoryan', 'Avetisyan'],
};

/** A display name in one of the languages a person speaks (English when there is no list). */
export function syntheticName(random: Random, language: string): string {
  const given = GIVEN[language] ?? GIVEN.en!;
  const family = FAMILY[language] ?? FAMILY.en!;
  return `${random.pick(given)} ${random.pick(family)}`;
}

export interface SyntheticPatientOptions {
  readonly seed: number;
  readonly count: number;
  /** Youngest and oldest birth year (inclusive). */
  readonly birthYears?: readonly [number, number];
}

/** `count` plan members, spread over the centers by their size; ids `pat-000001`… */
export function syntheticPatients(options: SyntheticPatientOptions): SyntheticPatient[] {
  const random = new Random(options.seed);
  const [oldest, youngest] = options.birthYears ?? [1940, 2010];
  const patients: SyntheticPatient[] = [];
  const width = Math.max(6, String(options.count).length);
  for (let i = 0; i < options.count; i++) {
    const center = random.weighted(SOCAL_CENTERS, SOCAL_CENTER_WEIGHTS).id;
    const language = random.weighted(MEMBER_LANGUAGES.ids, MEMBER_LANGUAGES.weights);
    // Members of an immigrant family often carry the family's name but prefer English.
    const nameLanguage =
      language === 'en' && random.chance(0.35)
        ? random.weighted(MEMBER_LANGUAGES.ids, MEMBER_LANGUAGES.weights)
        : language;
    const year = oldest + random.int(youngest - oldest + 1);
    const month = 1 + random.int(12);
    const day = 1 + random.int(28);
    patients.push({
      id: `pat-${String(i + 1).padStart(width, '0')}`,
      center,
      memberNumber: `M${String(10_000_000 + i).padStart(9, '0')}`,
      name: syntheticName(random, nameLanguage),
      birthDate: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      language,
    });
  }
  return patients;
}
