/**
 * "Do no harm" (DOMAIN.md): free text outside referrals (notes, action items, minutes) warns when
 * it seems to hold details that identify a person, so case details stay out of the open board.
 *
 * A non-blocking heuristic for English, Albanian, Macedonian and Bosnian/Croatian/Montenegrin/
 * Serbian in Latin and Cyrillic. It prefers precision: ordinary meeting notes (dates, times,
 * counts, budgets, percentages, years, item numbers) must not warn, so each pattern needs a cue
 * that ties a number to a person (a birth word, an age word, a street word, a name, a phone shape).
 * Spans are UTF-16 indices into the given string, as `String.prototype.slice` expects.
 */

export const PERSONAL_DATA_KINDS = ['personal_id', 'email', 'date_of_birth', 'phone', 'address', 'age'] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

export interface PersonalDataHint {
	kind: PersonalDataKind;
	start: number;
	end: number;
	/** The matched text, for "this looks like a phone number: …". */
	text: string;
}

type Rule = { kind: PersonalDataKind; pattern: RegExp; accept?: (m: RegExpMatchArray, text: string) => boolean };

// `\b` only knows ASCII letters, so Cyrillic and ë/ç/č need explicit letter boundaries.
const B = String.raw`(?<![\p{L}\p{N}_])`;
const E = String.raw`(?![\p{L}\p{N}_])`;
const words = (...list: string[]) => `(?:${list.join('|')})`;
const rx = (source: string, flags = 'giu') => new RegExp(source, flags);

/** An age: one or two digits, not part of a longer number, decimal, time, date or range ("15-18"). */
const AGE = String.raw`(?<![\p{N}.,:/]|\p{N}\s?[-–—]\s?)\d{1,2}(?![\p{N}]|[.,:/]\p{N})`;

/** Units that make a number an age; ambiguous "godina/години" (also "years" of anything) only with a cue. */
const YEARS = words('godina', 'godine', 'godinu', 'god\\.', 'години', 'године', 'година', 'год\\.', 'vjet', 'vite', 'years?', 'yrs?');
const OLD = words('old', 'star[aoi]?', 'стар[аои]?');
const AGE_WORD = words(
	String.raw`years?[\s-]*old`, 'year-old', String.raw`y\.?\s?o\.?`, 'y/o', // English
	String.raw`vje[çc]\p{L}*`, // Albanian: vjeç, vjeçe, vjeçar, vjeçare (vjet/vite alone is a duration)
	String.raw`godi[sš]nj(?:i|a|ak|akinja)`, String.raw`годишњ(?:и|а|ак|акиња)`, // BCMS "-year-old"
	String.raw`годиш(?:ен|на|ник|ничка)` // Macedonian; годишно/годишни also mean "annual(ly)"
);
const UNIT = `(?:${YEARS}|${AGE_WORD}|g\\.|г\\.)${E}`;
/** Hyphenated or joined ("16-godišnji", "16-годишни") is an age in any form, "16 годишни извештаи" is not. */
const AGE_WORD_JOINED = words(String.raw`godi[sš]nj\p{L}*`, String.raw`годишњ\p{L}*`, String.raw`годиш\p{L}*`);

/** Singular person nouns; plurals ("students (15)") and number-neutral ones (nxënës, fëmijë) are counts. */
const PERSON = words(
	'boy', 'girl', 'man', 'woman', 'child', 'kid', 'teen', 'teenager', 'student', 'pupil', 'son', 'daughter', 'minor', 'juvenile',
	'djal[eëi]', 'djalin', 'djalosh', 'vajz[eëa]', 'vajzën', 'burr[eëi]', 'grua', 'gruaja', 'fëmija', 'nxënësi', 'nxënësja', 'i ri', 'e re', 'i mitur', 'e mitur',
	'd[jij]?e[čc]ak', 'dje?vojčica', 'devojčica', 'dje?vojka', 'mladić', 'momak', 'muškarac', 'žena', 'dijete', 'dete', 'učenik', 'učenica', 'malolje?tni(?:k|ca)', 'sin', 'kćerka', 'ćerka', 'kći',
	'дечак', 'девојчица', 'девојка', 'младић', 'момак', 'мушкарац', 'жена', 'дете', 'ученик', 'ученица', 'малолетни(?:к|ца)', 'син', 'ћерка',
	'момче', 'девојче', 'маж', 'младич', 'ученичка', 'малолетничка', 'ќерка'
);

/**
 * Capitalised words that precede ", 12" in notes without being names: sentence openers, tallies
 * by sector or place, months and weekdays, parts of a text.
 */
const NOT_NAMES = new Set(
	(
		'in on at the for from to by of and or with u na za od do iz sa po i ili në nga për me te tek dhe ose во на за од до со по и или ' +
		'total item items point room page section article annex version step phase round table group team level grade class floor year budget participants attendance ' +
		'police policija полиција policia policinë education obrazovanje образование arsimi arsim health zdravstvo здравство shëndetësia shëndetësi ' +
		'media mediji медиуми медији business biznes бизнис municipality opština općina општина komuna school škola школа shkolla училиште ' +
		'centre center centar центар qendra youth mladi млади council savjet savet совет këshilli ngo nvo нво ojq other ostalo друго tjetër ' +
		'january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday ' +
		'janar shkurt mars prill maj qershor korrik gusht shtator tetor nëntor dhjetor e hënë martë mërkurë enjte premte shtunë diel ' +
		'januar februar mart april juni juli avgust august septembar oktobar novembar decembar siječanj veljača ožujak travanj svibanj lipanj srpanj kolovoz rujan listopad studeni prosinac ' +
		'ponedjeljak ponedeljak utorak srijeda sreda četvrtak petak subota nedjelja nedelja sala soba tačka točka stavka strana član članak prilog faza grupa razred pika neni faqja dhoma klasa ' +
		'јануари февруари март април мај јуни јули август септември октомври ноември декември јануар фебруар јун јул септембар октобар новембар децембар ' +
		'понеделник вторник среда четврток петок сабота недела понедељак уторак четвртак петак субота недеља точка член страна прилог фаза група одделение сала соба ставка'
	).split(' ')
);

/** The check digit of a 13-digit EMBG/JMBG (Yugoslav unique master citizen number). */
function validEmbg(digits: string): boolean {
	const d = [...digits].map(Number);
	const day = d[0] * 10 + d[1];
	const month = d[2] * 10 + d[3];
	const yyy = d[4] * 100 + d[5] * 10 + d[6];
	if (day < 1 || day > 31 || month < 1 || month > 12 || (yyy > 99 && yyy < 800)) return false;
	const sum = 7 * (d[0] + d[6]) + 6 * (d[1] + d[7]) + 5 * (d[2] + d[8]) + 4 * (d[3] + d[9]) + 3 * (d[4] + d[10]) + 2 * (d[5] + d[11]);
	const check = 11 - (sum % 11);
	return (check > 9 ? 0 : check) === d[12];
}

const ID_WORD = words(
	'embg', 'jmbg', 'ембг', 'јмбг', 'mati[čc]ni(?: broj)?', 'матичен(?: број)?', 'матични(?: број)?', 'li[čc]ni broj', 'лични број',
	'personal (?:id|number|no\\.?)', 'id (?:number|no\\.?|card)', 'numri personal', 'nr\\. personal', 'letërnjoftim\\p{L}*', 'passport(?: no\\.?)?',
	'pasaport\\p{L}*', 'paso[šs]', 'пасош', 'лична карта', 'li[čc]na karta', 'osobna iskaznica', 'broj li[čc]ne karte'
);

const DATE = String.raw`(?:\d{1,2}\s?[./-]\s?\d{1,2}\s?[./-]\s?(?:\d{4}|\d{2})(?!\p{N})\.?|\d{4}-\d{2}-\d{2}|\d{1,2}\.?\s\p{L}{3,}\.?,?\s\d{4}|\p{L}{3,}\s\d{1,2},?\s\d{4})(?!\p{N})`;
/** A bare year only straight after the birth word and a preposition: "born in 2009", "rođen 2009.". */
const BIRTH_YEAR = String.raw`[\s:,]*(?:${words('in', 'on', 'u', 'në', 'ne', 'vitin', 'во', 'у', 'на', 'godine', 'године', 'година')}\s){0,2}(?:19|20)\d{2}(?!\p{N})`;
const BORN = words(
	'born', 'dob', 'd\\.o\\.b\\.?', 'date of birth', 'birth ?date', 'birthday',
	'lindur', 'u lind', 'dat[eë]lindj\\p{L}*', 'dit[eë]lindj\\p{L}*', 'data e lindjes', 'dt\\. ?lindjes',
	'ro[đd]j?en[aoi]?', 'rođ\\.', 'datum ro[đd]j?enja', 'rođendan', 'рођен[аои]?', 'датум рођења', 'рођендан',
	'роден[аои]?', 'датум на раѓање', 'роденден'
);

/** "Decision no. 0812345678", "бр. 08-123456": reference numbers, not phones. */
const DOCUMENT_NUMBER = /(?<!\p{L})(?:no|nr|br|бр|број|broj|numër|numri)\.?\s*$|#\s*$/iu;
const CURRENCY = /^\s?(?:[€$£%]|(?:eur|euro|usd|chf|mkd|ден|денари|km|bam|rsd|din|дин|all|lek|lekë)(?![\p{L}]))/iu;

const STREET_ABBR = words('ul\\.', 'ул\\.', 'rr\\.', 'str\\.', 'bul\\.', 'бул\\.', 'blvd\\.?');
const STREET_WORD = words('ulic[aieu]', 'улица(?:та)?', 'rrug(?:a|ës|ën)', 'bulevar\\p{L}*', 'булевар\\p{L}*');
const HOUSE = String.raw`(?:(?:br|бр|nr|no)\.?\s?)?(?:\d{1,3}[\p{L}]?(?:/\d{1,3})?(?![\p{N}%]|[.,:]\p{N})|bb|бб|b\.b\.|б\.б\.)${E}(?!\s?(?:[-–]\s?\d|(?:do|to|deri|до)\s))`;
/** Words that end a street name: "ulica Ilindenska je zatvorena od 12 do 14h" is prose. */
const NOT_IN_STREET_NAMES = new Set('je su od do sa na za iz po and the from to is at in od do со на за од до во е се të në nga për me dhe është'.split(' '));

const RULES: Rule[] = [
	// Typed emails are contact details of someone, whoever it is.
	{ kind: 'email', pattern: rx(String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}${E}`) },

	// EMBG/JMBG: 13 digits whose date part and check digit are valid; random 13-digit numbers
	// (accounts, invoices) pass the check one time in eleven and also need a valid date.
	{ kind: 'personal_id', pattern: rx(String.raw`(?<!\p{N})\d{13}(?!\p{N})`), accept: (m) => validEmbg(m[0]) },
	// Any ID number right after an ID word ("JMBG: …", "numri personal …", "пасош бр. …"),
	// including Kosovo's 10-digit number and mistyped EMBGs.
	{ kind: 'personal_id', pattern: rx(`${B}${ID_WORD}[\\s:.#-]*(?:(?:br|бр|nr|no)\\.?\\s?)?[A-Z]{0,2}\\d{6,13}[A-Z]?(?!\\p{N})`) },
	// Albania's NID: decade letter, year digit, month (+50 for women), day, serial, check letter.
	{ kind: 'personal_id', pattern: rx(String.raw`(?<![\p{L}\p{N}])[A-Z]\d(?:0[1-9]|1[0-2]|5[1-9]|6[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[A-Z](?![\p{L}\p{N}])`, 'gu') },

	// A birth word, then within a few words a date, or right after it a year: "born on 12.03.2009",
	// "i lindur më 5 mars 2008", "rođen 2009.". A date alone is a meeting date, and "born out of
	// the 2019 strategy" is not a birth year.
	{ kind: 'date_of_birth', pattern: rx(`${B}${BORN}${E}(?:[^\\n.!?\\d]{0,30}?${DATE}|${BIRTH_YEAR})`) },

	// International numbers: + or 00, a country code, 8–15 digits in groups.
	// Amounts ("+15 000 000 MKD") share the shape and are told apart by their currency.
	{
		kind: 'phone',
		pattern: rx(String.raw`(?<![\p{L}\p{N}+])(?:\+|00)\s?[1-9]\d{0,2}(?:[\s./-]?\(?\d{1,4}\)?){2,6}(?!\p{N})`),
		accept: (m, text) => digitCount(m[0], 8, 15) && !CURRENCY.test(text.slice(m.index! + m[0].length))
	},
	// National numbers: a trunk 0, 9–11 digits ("070 123 456", "061/123-456", "02 3123 456").
	// Dots are not separators (12.03.2026), and date shapes with / or - are refused.
	{
		kind: 'phone',
		pattern: rx(String.raw`(?<![\p{L}\p{N}+.,/:-])0[1-9]\d{0,3}(?:[\s/-]?\(?\d{2,4}\)?){1,4}(?!\p{N}|[.,:/-]\p{N})`),
		accept: (m, text) =>
			digitCount(m[0], 9, 11) && !/^\d{1,2}([/-])\d{1,2}\1\d{2,4}$/.test(m[0]) && !DOCUMENT_NUMBER.test(text.slice(0, m.index))
	},
	// A phone word before a shorter local number: "tel. 3123 456", "моб: 70 123 456".
	{ kind: 'phone', pattern: rx(`${B}${words('tel', 'telefon\\p{L}*', 'phone', 'mob', 'mobile', 'gsm', 'cel', 'тел', 'телефон\\p{L}*', 'моб', 'мобилен', 'мобилни')}\\.?\\s?(?:(?:nr|no|br|бр)\\.?)?[\\s:]*\\+?\\(?\\d[\\d\\s/()-]{4,16}\\d(?!\\p{N})`), accept: (m) => digitCount(m[0], 6, 15) },

	// Street word, street name, house number or "bb" (no number): "ul. Makedonija 12",
	// "улица Илинденска бр. 45", "Rruga e Durrësit 5". A full word ("ulica", "rruga") is common
	// prose, so its name must be capitalised ("ulica sa 5 prodavnica" is not an address).
	{
		kind: 'address',
		pattern: rx(`${B}(?:${STREET_ABBR}|(?<word>${STREET_WORD})${E})\\s?(?:[ei]\\s)?(?<name>\\p{L}[\\p{L}'’.-]*(?:\\s\\p{L}[\\p{L}'’.-]*){0,3}),?\\s${HOUSE}`),
		accept: (m) =>
			(!m.groups?.word || /^\p{Lu}/u.test(m.groups.name)) && !m.groups!.name.split(/\s/).some((w) => NOT_IN_STREET_NAMES.has(w.toLowerCase()))
	},
	{ kind: 'address', pattern: rx(String.raw`(?<![\p{L}\p{N}])\d{1,4}\s(?:\p{Lu}\p{Ll}+\s){1,3}(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Boulevard|Lane)(?!\p{L})`, 'gu') },
	{ kind: 'address', pattern: rx(String.raw`(?<![\p{L}\p{N}])(?:\p{Lu}\p{Ll}+\s){1,3}(?:Street|Road|Avenue|Boulevard)\s\d{1,3}(?![\p{L}\p{N}])`, 'gu') },
	{ kind: 'address', pattern: rx(String.raw`(?<![\p{L}\p{N}])\p{Lu}\p{Ll}+\s(?:bb|бб|b\.b\.|б\.б\.)(?![\p{L}\p{N}])`, 'gu') },

	// An age word always marks an age: "16-year-old", "16 vjeç", "16-godišnji", "16 годишен".
	{ kind: 'age', pattern: rx(`${AGE}(?:\\s?[-‐–]?\\s?${AGE_WORD}|\\s?[-‐–]\\s?${AGE_WORD_JOINED}|${AGE_WORD_JOINED})${E}`) },
	// "years/godina/години" only with "old/star/стар": "16 godina star", "стар 16 години".
	{ kind: 'age', pattern: rx(`${AGE}\\s${YEARS}\\s${OLD}${E}|${B}${OLD}\\s${AGE}\\s${YEARS}${E}`) },
	// "has 16 years" as the end of a clause: "Marko ima 16 godina.", "има 16 години, живее…";
	// "ima 20 godina iskustva" (experience) continues with a noun and is not an age.
	{ kind: 'age', pattern: rx(`${B}${words('ima', 'imao', 'imala', 'има', 'имаше', 'имала?', 'ka', 'kishte')}\\s${AGE}\\s${YEARS}(?=\\s*(?:$|[,;.)!?\\n]|${words('i', 'и', 'dhe', 'and')}\\s))`) },
	// Age keyword: "aged 16", "mosha 16", "u dobi od 16", "во возраст од 16" — not age ranges
	// or groups ("aged 15–25", "16+", "16 and over").
	{
		kind: 'age',
		pattern: rx(`${B}${words('aged?', 'mosha', 'moshë', 'moshën', 'moshes', 'starost[i]?', 'uzrast[au]?', 'dobi?', 'возраст[а]?', 'старост[и]?')}\\s?(?::|od|од|of|prej)?\\s?${AGE}(?!\\s?(?:[-–—+]|${words('to', 'do', 'deri', 'до', 'and', 'or', 'i', 'и', 'dhe', 'ili', 'или', 'ose', 'e')}\\s))`)
	},
	// A person noun next to a number: "a boy, 16", "djevojčica (12)", "момче од 15 години".
	{ kind: 'age', pattern: rx(`${B}${PERSON}(?:,\\s?${AGE}(?!\\s?\\p{L})|\\s?\\(${AGE}\\)|\\s(?:od|од|of|prej)\\s${AGE}\\s${YEARS}${E})`) },
	// "Name, 16" or "Name 16 godina", closing the phrase ("Sarajevo 16 godina kasnije" goes on).
	// Tallies ("Police, 3; Health, 2") and words that are not names (months, "Item") are left out.
	{
		kind: 'age',
		pattern: rx(`(?<![\\p{L}\\p{N}_])(?<name>\\p{Lu}\\p{Ll}+(?:[ -]\\p{Lu}\\p{Ll}+)?)(?:,[ \\t]?${AGE}(?:\\s?${UNIT})?|\\s${AGE}\\s?${UNIT})(?=[ \\t]*(?:$|[,;)!?\\n]|\\.(?!\\p{N})))`, 'gu'),
		accept: (m, text) => {
			if (m.groups!.name.split(/[ -]/).some((w) => NOT_NAMES.has(w.toLowerCase()))) return false;
			const before = text.slice(0, m.index);
			const after = text.slice(m.index! + m[0].length);
			if (/\d\s*;\s*$/.test(before) || /^\s*;\s*\p{Lu}\p{Ll}+[^,;\n]{0,30},\s*\d/u.test(after)) return false;
			// A place after a preposition: "u Sarajevu 16 godina", "во Скопје, 12".
			return !/(?<![\p{L}])(?:u|na|iz|in|at|from|në|nga|во|на|од|из|у)\s+$/iu.test(before);
		}
	}
];

function digitCount(s: string, min: number, max: number): boolean {
	const n = s.replace(/\D/g, '').length;
	return n >= min && n <= max;
}

/**
 * Which identifying details `text` seems to hold, in text order. Where two hints overlap, the
 * kind earlier in PERSONAL_DATA_KINDS wins (an EMBG is not also reported as a phone number).
 */
export function findPersonalData(text: string): PersonalDataHint[] {
	const found: PersonalDataHint[] = [];
	for (const rule of RULES) {
		for (const m of text.matchAll(rule.pattern)) {
			if (rule.accept && !rule.accept(m, text)) continue;
			found.push({ kind: rule.kind, start: m.index!, end: m.index! + m[0].length, text: m[0] });
		}
	}
	const rank = (h: PersonalDataHint) => PERSONAL_DATA_KINDS.indexOf(h.kind);
	const kept: PersonalDataHint[] = [];
	for (const hint of found.sort((a, b) => rank(a) - rank(b) || a.start - b.start)) {
		if (!kept.some((k) => k.start < hint.end && hint.start < k.end)) kept.push(hint);
	}
	return kept.sort((a, b) => a.start - b.start);
}
