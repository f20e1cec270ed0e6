import { describe, expect, it } from 'vitest';
import { findPersonalData, type PersonalDataKind } from './personal-data';

const kinds = (text: string) => findPersonalData(text).map((h) => h.kind);

/** A syntactically valid EMBG/JMBG for a birth date: DDMMYYY, region, serial, check digit. */
function embg(day: number, month: number, year: number, region = 45, serial = 123): string {
	const body = `${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${String(year).slice(1)}${String(region).padStart(2, '0')}${String(serial).padStart(3, '0')}`;
	const d = [...body].map(Number);
	const sum = 7 * (d[0] + d[6]) + 6 * (d[1] + d[7]) + 5 * (d[2] + d[8]) + 4 * (d[3] + d[9]) + 3 * (d[4] + d[10]) + 2 * (d[5] + d[11]);
	const check = 11 - (sum % 11);
	return body + (check > 9 ? 0 : check);
}

function expectHint(text: string, kind: PersonalDataKind, fragment: string) {
	const hint = findPersonalData(text).find((h) => h.kind === kind);
	expect(hint, `${kind} in ${JSON.stringify(text)}`).toBeDefined();
	expect(text.slice(hint!.start, hint!.end)).toBe(hint!.text);
	expect(hint!.text).toContain(fragment);
}

describe('findPersonalData: things that look personal', () => {
	const cases: [string, PersonalDataKind, string][] = [
		// phone
		['Call her on +389 70 123 456 tomorrow.', 'phone', '+389 70 123 456'],
		['Мајката може да се контактира на 070/123-456.', 'phone', '070/123-456'],
		['Babai: 071 234 567', 'phone', '071 234 567'],
		['Otac je dostupan na 061 123 456 poslije 17h.', 'phone', '061 123 456'],
		['Телефон оца: 064 1234567', 'phone', '064 1234567'],
		['Numri i saj është +383 44 123 456.', 'phone', '+383 44 123 456'],
		['Nëna: 069 123 4567', 'phone', '069 123 4567'],
		['Kontakt 00387 33 123 456', 'phone', '00387 33 123 456'],
		['tel. 3123 456 (home)', 'phone', '3123 456'],
		['моб: 70 123 456', 'phone', '70 123 456'],
		['Reach him at +1 (555) 123-4567.', 'phone', '(555) 123-4567'],
		// email
		['Send it to arben.krasniqi@gmail.com please', 'email', 'arben.krasniqi@gmail.com'],
		['Е-пошта: marija_p@yahoo.mk.', 'email', 'marija_p@yahoo.mk'],
		// personal id
		[`EMBG ${embg(1, 1, 2009)} in the file`, 'personal_id', embg(1, 1, 2009)],
		[`Нејзиниот матичен број е ${embg(15, 7, 1990)}.`, 'personal_id', embg(15, 7, 1990)],
		[`Dečak (${embg(3, 11, 2010, 71, 4)})`, 'personal_id', embg(3, 11, 2010, 71, 4)],
		['JMBG: 0101009450000', 'personal_id', '0101009450000'],
		['Numri personal 1234567890', 'personal_id', '1234567890'],
		['Pasoš br. A1234567', 'personal_id', 'A1234567'],
		['NID J05612345W', 'personal_id', 'J05612345W'],
		// date of birth
		['Born 12.03.2009 in Kumanovo.', 'date_of_birth', '12.03.2009'],
		['DOB: 2009-03-12', 'date_of_birth', '2009-03-12'],
		['Djali, i lindur më 5 mars 2008, jeton me gjyshen.', 'date_of_birth', '5 mars 2008'],
		['Datëlindja: 14/02/2010', 'date_of_birth', '14/02/2010'],
		['Rođen u Sarajevu 12.3.2009. godine.', 'date_of_birth', 'Rođen u Sarajevu 12.3.2009'],
		['rođen 2009. godine', 'date_of_birth', 'rođen 2009'],
		['He was born in 2010 in Struga.', 'date_of_birth', 'born in 2010'],
		['e lindur në vitin 2011', 'date_of_birth', 'lindur në vitin 2011'],
		['Рођена 3. 4. 2011. у Нишу', 'date_of_birth', '3. 4. 2011'],
		['Роден на 12.03.2009 во Тетово', 'date_of_birth', 'Роден на 12.03.2009'],
		['датум на раѓање 01.01.2010', 'date_of_birth', '01.01.2010'],
		// age
		['Arben, 16, was referred by the school.', 'age', 'Arben, 16'],
		['A 16-year-old from the north side.', 'age', '16-year-old'],
		['The girl is 15 years old.', 'age', '15 years old'],
		['Момчето е 16 годишен ученик.', 'age', '16 годишен'],
		['16-годишно девојче од Струга', 'age', '16-годишно'],
		['Djali 16 vjeç nga Tetova', 'age', '16 vjeç'],
		['një 17-vjeçare nga Gostivari', 'age', '17-vjeçare'],
		['Marko, 16 godina, iz Zenice', 'age', 'Marko, 16 godina'],
		['Amina ima 15 godina.', 'age', 'ima 15 godina'],
		['Marko 16 godina, učenik', 'age', 'Marko 16 godina'],
		['Arta 15 vjet, nga Kumanova', 'age', 'Arta 15 vjet'],
		['16-godišnji mladić iz Novog Pazara', 'age', '16-godišnji'],
		['Тој има 17 години, живее со мајка си.', 'age', 'има 17 години'],
		['Ana je 14 godina stara.', 'age', '14 godina stara'],
		['a boy, 14, from Tetovo', 'age', 'boy, 14'],
		['djevojčica (12) iz Bihaća', 'age', 'djevojčica (12)'],
		['момче од 15 години', 'age', 'момче од 15 години'],
		['u dobi od 16 godina', 'age', 'dobi od 16'],
		['në moshën 15', 'age', 'moshën 15'],
		['aged 13', 'age', 'aged 13'],
		['Ивана Петровска, 17.', 'age', 'Ивана Петровска, 17'],
		// address
		['Lives at ul. Makedonija 12, Skopje.', 'address', 'ul. Makedonija 12'],
		['Живее на ул. Илинденска бр. 45', 'address', 'ул. Илинденска бр. 45'],
		['Adresa: ulica Maršala Tita 5a, Sarajevo', 'address', 'ulica Maršala Tita 5a'],
		['Јавља се са адресе Улица Кнеза Милоша 7', 'address', 'Улица Кнеза Милоша 7'],
		['Banon në Rruga e Durrësit 15', 'address', 'Rruga e Durrësit 15'],
		['rr. Ilindeni nr. 10, Tetovë', 'address', 'rr. Ilindeni nr. 10'],
		['str. Partizanski odredi 25', 'address', 'Partizanski odredi 25'],
		['Bulevar Oslobođenja 3', 'address', 'Bulevar Oslobođenja 3'],
		['Ilindenska bb, Gostivar', 'address', 'Ilindenska bb'],
		['He lives at 221 Baker Street.', 'address', '221 Baker Street'],
		['Main Street 12, flat 4', 'address', 'Main Street 12']
	];
	it.each(cases)('%j holds %s', (text, kind, fragment) => expectHint(text, kind, fragment));

	it('finds several details in one note, in text order, each with its span', () => {
		const note = 'Arben, 16, ul. Makedonija 12, tel. 070 123 456, arben@example.com';
		const hints = findPersonalData(note);
		expect(hints.map((h) => h.kind)).toEqual(['age', 'address', 'phone', 'email']);
		for (const h of hints) expect(note.slice(h.start, h.end)).toBe(h.text);
		expect(hints.map((h) => h.start)).toEqual([...hints.map((h) => h.start)].sort((a, b) => a - b));
	});

	it('reports an EMBG once, as a personal id, not also as a phone number', () => {
		expect(kinds(`Е ${embg(15, 7, 2008)}`)).toEqual(['personal_id']);
	});
});

describe('findPersonalData: ordinary meeting notes stay quiet', () => {
	const quiet = [
		'Meeting on 12.03.2026 at 10:00, 15 participants, budget 2,000 EUR',
		'Next meeting: 02.04.2026, 09:30–11:00, room 3.',
		'Deadline 01/03/2026; review 02-03-2026.',
		'Action items 1, 2 and 5 are done; 80% of schools reached in 2026.',
		'Total, 15. Item 4, 12.',
		'Attendance: Police, 3; Health, 2; Education, 5.',
		'Participants (15) from 6 sectors; students (120) attended the debate.',
		'Youth aged 15–25 and adults aged 26 and over.',
		'Target group: uzrast 15 do 18 godina.',
		'Средба на 12.03.2026 во 10:00 часот, 15 учесници, буџет 120.000 денари.',
		'Точка 3, 12. Одлука бр. 45 од 2025 година.',
		'Годишниот план за 2026, 3 годишни извештаи, 500 евра годишно.',
		'Takim më 12.03.2026 në ora 10:00, 15 pjesëmarrës, buxheti 2.000 EUR.',
		'Organizata ka 20 vjet përvojë; projekti zgjat 2 vjet.',
		'Rruga drejt 2026 dhe strategjia e re.',
		'Sastanak 12.03.2026. u 10:00, 15 učesnika, budžet 2.000 KM.',
		'Organizacija ima 20 godina iskustva; pre 16 godina osnovan je savjet.',
		'Vidi str. 12-15 i član 5, stav 2. Dva puta godišnje.',
		'Na ulici sa 5 prodavnica bilo je mirno.',
		'Састанак 12.03.2026. у 10:00, 15 учесника; пре 16 година.',
		'Account 300000001234567, invoice 2026-0042, case KUM-2026-0042.',
		'Meeting ID 845 2345 6789, passcode 123456.',
		'IBAN MK07 2501 2000 0058 984',
		'Skopje, 15 March 2026. Tetovo, 10:00.',
		'Born out of the 2019 strategy, the council now meets monthly.',
		'Birthday of the centre: it opened 10 years ago.',
		'Population 52,000; 1000 Skopje; +15% since 2025.',
		'Budget +15 000 000 MKD, +2 500 000 €.',
		'Savjet radi u Sarajevu 16 godina.',
		'In Skopje, 12. Education, 15.',
		'Në takim morën pjesë 25 të rinj të moshës 15-18 vjeç.',
		'Ulica Ilindenska je zatvorena od 12 do 14h.',
		'Decision no. 0812345678; Одлука бр. 08-123456.'
	];
	it.each(quiet)('%j', (text) => expect(findPersonalData(text)).toEqual([]));
});
