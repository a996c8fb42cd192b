// The formula language: expressions and the values, types and errors they give, for every
// operator, function and property type.
import { describe, expect, it } from 'vitest';
import {
  compileFormula,
  rewriteReferences,
  typeName,
  type DateValue,
  type FormulaType,
  type PageScope,
  type PropertyRef,
  type SchemaEnv,
  type Value,
} from './index.js';
import { T } from './types.js';

const NOW = Date.parse('2024-05-01T10:30:00.000Z');
const day = (iso: string): DateValue => ({ kind: 'date', start: Date.parse(`${iso}T00:00:00Z`), end: null, dateOnly: true });
const time = (iso: string): DateValue => ({ kind: 'date', start: Date.parse(iso), end: null, dateOnly: false });

const props: Record<string, { id: string; type: FormulaType; value: Value }> = {
  Name: { id: 'title', type: T.string, value: 'Kale' },
  Text: { id: 't:xt', type: T.string, value: 'Hello World' },
  Empty: { id: 'empt', type: T.string, value: '' },
  Num: { id: 'num1', type: T.number, value: 12.5 },
  NoNum: { id: 'num0', type: T.number, value: null },
  Check: { id: 'chk', type: T.boolean, value: true },
  Select: { id: 'sel', type: T.string, value: 'Done' },
  Tags: { id: 'tags', type: T.list(T.string), value: ['b', 'a', 'c'] },
  Date: { id: 'date', type: T.date, value: day('2024-03-15') },
  When: { id: 'when', type: T.date, value: time('2024-03-15T08:45:00Z') },
  Span: {
    id: 'span',
    type: T.date,
    value: { kind: 'date', start: Date.parse('2024-03-01T00:00:00Z'), end: Date.parse('2024-03-05T00:00:00Z'), dateOnly: true },
  },
  NoDate: { id: 'nodt', type: T.date, value: null },
  People: { id: 'ppl', type: T.list(T.person), value: [{ kind: 'person', id: 'u1', name: 'Ada', email: 'ada@x.test' }] },
  Creator: { id: 'crt', type: T.person, value: { kind: 'person', id: 'u2', name: 'Bob', email: 'bob@x.test' } },
  Items: { id: 'rel', type: T.list(T.page('items')), value: [] },
};

const items: Record<string, { id: string; type: FormulaType }> = {
  Price: { id: 'prc', type: T.number },
  Label: { id: 'lbl', type: T.string },
};

const itemPage = (id: string, price: number | null, label: string): Value => ({
  kind: 'page',
  id,
  title: label,
  scope: { id, title: label, value: (p) => (p === 'prc' ? price : p === 'lbl' ? label : null) },
});
props.Items!.value = [itemPage('i1', 5, 'pen'), itemPage('i2', 2.5, 'ink'), itemPage('i3', null, 'cap')];

const env: SchemaEnv = {
  property(dataSourceId, key) {
    const table = dataSourceId === null ? props : dataSourceId === 'items' ? items : {};
    const entry = Object.entries(table).find(([name, p]) => ('name' in key ? name === key.name : p.id === key.id));
    return entry ? ({ id: entry[1].id, name: entry[0], type: entry[1].type } satisfies PropertyRef) : undefined;
  },
};

const page: PageScope = {
  id: '0190a0b0-1111-4222-8333-444455556666',
  title: 'Kale',
  value: (id) => Object.values(props).find((p) => p.id === id)?.value ?? null,
};

const evaluate = (expression: string) => compileFormula(expression, env).evaluate(page, NOW);
const typeOf = (expression: string) => typeName(compileFormula(expression, env).type);

// Expressions and the values they give, one test each.
const VALUE_CASES: Array<[string, unknown]> = [
  // literals and constants
  ['42', 42],
  ['1.5e3', 1500],
  ['"a \\"b\\""', 'a "b"'],
  ['true', true],
  ['[1, 2, 3]', [1, 2, 3]],
  ['pi', Math.PI],
  ['e()', Math.E],
  ['/* comment */ 1 // trailing', 1],
  // arithmetic and precedence
  ['1 + 2 * 3', 7],
  ['(1 + 2) * 3', 9],
  ['10 - 4 - 3', 3],
  ['2 ^ 3 ^ 2', 512],
  ['-2 ^ 2', -4],
  ['2 ^ -1', 0.5],
  ['7 % 3', 1],
  ['7 / 2', 3.5],
  ['1 / 0', null],
  ['5 % 0', null],
  ['-(3)', -3],
  ['+"42"', 42],
  ['+true', 1],
  ['"a" + "b"', 'ab'],
  ['"n=" + 2', 'n=2'],
  ['1 + 2 + "x"', '3x'],
  ['"x" + true', 'xtrue'],
  // comparison and logic
  ['1 < 2', true],
  ['2 <= 2', true],
  ['"b" > "a"', true],
  ['1 == 1', true],
  ['"a" != "a"', false],
  ['1 + 1 == 2', true],
  ['1 < 2 == true', true],
  ['true and false', false],
  ['true && true', true],
  ['false or true', true],
  ['false || false', false],
  ['not true', false],
  ['!false', true],
  ['not false and false', false],
  ['true or true and false', true],
  ['1 > 2 ? "a" : 2 > 1 ? "b" : "c"', 'b'],
  ['true ? 1 : 2 + 10', 1],
  ['[1, 2] == [1, 2]', true],
  // logic functions
  ['if(1 > 2, "yes", "no")', 'no'],
  ['ifs(false, 1, true, 2, 3)', 2],
  ['ifs(false, 1, false, 2, 3)', 3],
  ['and(true, true, false)', false],
  ['or(false, true)', true],
  ['not(true)', false],
  ['empty("")', true],
  ['empty(0)', true],
  ['empty([])', true],
  ['empty("x")', false],
  ['empty(prop("NoNum"))', true],
  ['equal(2, 2)', true],
  ['unequal(2, 3)', true],
  ['larger(3, 2)', true],
  ['largerEq(2, 2)', true],
  ['smaller("a", "b")', true],
  ['smallerEq(3, 2)', false],
  ['let(x, 2, x * x)', 4],
  ['lets(a, 2, b, a + 1, a * b)', 6],
  // numbers
  ['add(2, 3)', 5],
  ['add("a", 1)', 'a1'],
  ['subtract(5, 3)', 2],
  ['multiply(4, 2.5)', 10],
  ['divide(9, 3)', 3],
  ['divide(1, 0)', null],
  ['mod(-7, 3)', -1],
  ['pow(2, 10)', 1024],
  ['unaryMinus(3)', -3],
  ['unaryPlus("7")', 7],
  ['abs(-4)', 4],
  ['ceil(1.2)', 2],
  ['floor(1.8)', 1],
  ['round(2.5)', 3],
  ['round(1.23456, 2)', 1.23],
  ['sqrt(16)', 4],
  ['cbrt(27)', 3],
  ['exp(0)', 1],
  ['ln(e)', 1],
  ['log10(1000)', 3],
  ['log2(8)', 3],
  ['sign(-3)', -1],
  ['min(4, 2, 8)', 2],
  ['max([4, 9], 2)', 9],
  ['sum(1, 2, 3)', 6],
  ['sum([1, 2], 3)', 6],
  ['mean(1, 2, 3, 4)', 2.5],
  ['median([5, 1, 3])', 3],
  ['median(1, 2, 3, 4)', 2.5],
  ['pi()', Math.PI],
  ['toNumber("3.5 apples")', 3.5],
  ['toNumber("apple")', null],
  ['toNumber(false)', 0],
  ['toNumber(parseDate("1970-01-02"))', 86_400_000],
  // text
  ['format(12)', '12'],
  ['format(true)', 'true'],
  ['format([1, 2])', '1,2'],
  ['format(parseDate("2024-03-15"))', 'March 15, 2024'],
  ['format(fromTimestamp(0))', 'January 1, 1970 12:00 AM'],
  ['length("héllo")', 5],
  ['length([1, 2, 3])', 3],
  ['substring("Notion", 1, 3)', 'ot'],
  ['substring("Notion", 2)', 'tion'],
  ['contains("Notion", "tio")', true],
  ['test("abc123", "\\\\d+")', true],
  ['test(123, "2")', true],
  ['match("a1b22c333", "\\\\d+")', ['1', '22', '333']],
  ['replace("aaa", "a", "b")', 'baa'],
  ['replaceAll("aaa", "a", "b")', 'bbb'],
  ['replaceAll("2024-05-01", "-", "/")', '2024/05/01'],
  ['lower("ABC")', 'abc'],
  ['upper("abc")', 'ABC'],
  ['trim("  x  ")', 'x'],
  ['repeat("ab", 3)', 'ababab'],
  ['padStart("7", 3, "0")', '007'],
  ['padEnd("7", 3, "*")', '7**'],
  ['link("Notion", "https://notion.so")', 'Notion'],
  ['style("bold", "b", "red")', 'bold'],
  ['unstyle("plain")', 'plain'],
  ['split("a,b,c", ",")', ['a', 'b', 'c']],
  ['split("a b", " ")', ['a', 'b']],
  ['join(["a", "b"], "-")', 'a-b'],
  ['concat([1], [2, 3])', [1, 2, 3]],
  ['concat("a", "b")', 'ab'],
  ['"abc".upper()', 'ABC'],
  ['"a-b".split("-").join("+")', 'a+b'],
  // dates
  ['now()', time('2024-05-01T10:30:00.000Z')],
  ['today()', day('2024-05-01')],
  ['minute(now())', 30],
  ['hour(now())', 10],
  ['day(now())', 3],
  ['day(parseDate("2024-05-05"))', 7],
  ['date(now())', 1],
  ['week(parseDate("2024-01-01"))', 1],
  ['week(parseDate("2024-12-30"))', 1],
  ['month(now())', 5],
  ['year(now())', 2024],
  ['dateAdd(parseDate("2024-01-31"), 1, "months")', day('2024-02-29')],
  ['dateAdd(parseDate("2024-01-01"), 2, "weeks")', day('2024-01-15')],
  ['dateAdd(parseDate("2024-01-01"), 1, "quarters")', day('2024-04-01')],
  ['dateAdd(now(), 90, "minutes")', time('2024-05-01T12:00:00.000Z')],
  ['dateAdd(parseDate("2024-01-01"), 1, "years")', day('2025-01-01')],
  ['dateSubtract(parseDate("2024-03-01"), 1, "days")', day('2024-02-29')],
  ['dateSubtract(now(), 1, "hours")', time('2024-05-01T09:30:00.000Z')],
  ['dateBetween(parseDate("2024-03-01"), parseDate("2024-01-15"), "months")', 1],
  ['dateBetween(parseDate("2024-01-15"), parseDate("2024-03-01"), "days")', -46],
  ['dateBetween(parseDate("2025-01-01"), parseDate("2024-01-02"), "years")', 0],
  ['dateBetween(now(), parseDate("2024-05-01"), "hours")', 10],
  ['dateBetween(now(), parseDate("2024-04-30"), "weeks")', 0],
  [
    'dateRange(parseDate("2024-01-01"), parseDate("2024-01-03"))',
    { kind: 'date', start: Date.parse('2024-01-01T00:00:00Z'), end: Date.parse('2024-01-03T00:00:00Z'), dateOnly: true },
  ],
  ['dateStart(prop("Span"))', day('2024-03-01')],
  ['dateEnd(prop("Span"))', day('2024-03-05')],
  ['timestamp(parseDate("1970-01-01T00:00:01Z"))', 1000],
  ['fromTimestamp(86400000)', time('1970-01-02T00:00:00.000Z')],
  ['formatDate(now(), "YYYY-MM-DD HH:mm")', '2024-05-01 10:30'],
  ['formatDate(now(), "MMMM Do, YYYY [at] h:mm A")', 'May 1st, 2024 at 10:30 AM'],
  ['formatDate(now(), "ddd, MMM D YY")', 'Wed, May 1 24'],
  ['formatDate(prop("Span"), "M/D")', '3/1 → 3/5'],
  ['parseDate("2024-03-15T10:00:00+02:00")', time('2024-03-15T08:00:00.000Z')],
  ['parseDate("not a date")', null],
  ['now() > parseDate("2024-01-01")', true],
  ['dateAdd(prop("NoDate"), 1, "days")', null],
  ['dateAdd(now(), 1, "fortnights")', null],
  // lists
  ['at([1, 2, 3], 1)', 2],
  ['at([1, 2, 3], -1)', 3],
  ['first([4, 5])', 4],
  ['last([4, 5])', 5],
  ['first([])', null],
  ['slice([1, 2, 3, 4], 1, 3)', [2, 3]],
  ['slice("abcdef", 2)', 'cdef'],
  ['sort([3, 1, 2])', [1, 2, 3]],
  ['sort(["b", "a"])', ['a', 'b']],
  ['[3, 1, 2].sort(0 - current)', [3, 2, 1]],
  ['reverse([1, 2, 3])', [3, 2, 1]],
  ['unique([1, 2, 1, 3, 2])', [1, 2, 3]],
  ['includes([1, 2], 2)', true],
  ['contains(["a", "b"], "b")', true],
  ['flat([[1, 2], [3]])', [1, 2, 3]],
  ['map([1, 2, 3], current * 2)', [2, 4, 6]],
  ['[1, 2, 3].map(current + index)', [1, 3, 5]],
  ['filter([1, 2, 3, 4], current % 2 == 0)', [2, 4]],
  ['find([1, 2, 3], current > 1)', 2],
  ['find([1, 2, 3], current > 5)', null],
  ['findIndex([5, 6, 7], current == 7)', 2],
  ['some([1, 2], current > 1)', true],
  ['every([1, 2], current > 1)', false],
  ['count([1, 2, 3], current > 1)', 2],
  ['[[1, 2], [3]].map(current.map(current * 10))', [[10, 20], [30]]],
  ['let(xs, [1, 2, 3], xs.filter(current > 1).length())', 2],
  // properties
  ['prop("Name")', 'Kale'],
  ['prop("Text").lower()', 'hello world'],
  ['prop("Num") * 2', 25],
  ['prop("NoNum")', null],
  ['prop("NoNum") + 1', 1],
  ['round(prop("NoNum"))', null],
  ['prop("Check") ? "on" : "off"', 'on'],
  ['prop("Select") == "Done"', true],
  ['prop("Tags").sort().join(", ")', 'a, b, c'],
  ['prop("Tags").length()', 3],
  ['prop("Date")', day('2024-03-15')],
  ['formatDate(prop("When"), "HH:mm")', '08:45'],
  ['dateBetween(now(), prop("Date"), "days")', 47],
  ['prop("NoDate")', null],
  ['empty(prop("NoDate"))', true],
  ['prop("People").map(current.name()).join(",")', 'Ada'],
  ['prop("People").first().email()', 'ada@x.test'],
  ['prop("Creator").name()', 'Bob'],
  ['prop("Creator")', { kind: 'person', id: 'u2', name: 'Bob', email: 'bob@x.test' }],
  ['prop("Items").map(current.prop("Price"))', [5, 2.5, null]],
  ['prop("Items").map(current.prop("Price")).sum()', 7.5],
  ['sum(prop("Items").map(current.prop("Price")))', 7.5],
  ['prop("Items").filter(current.prop("Price") > 3).map(current.prop("Label"))', ['pen']],
  ['prop("Items").first().prop("Label")', 'pen'],
  ['prop("Items").length()', 3],
  ['format(prop("Items"))', 'pen,ink,cap'],
  ['id()', '0190a0b0111142228333444455556666'],
  ['prop("Items").first().id()', 'i1'],
];

describe('values', () => {
  it.each(VALUE_CASES)('%s', (expression, expected) => {
    expect(evaluate(expression)).toEqual(expected);
  });
});

describe('types', () => {
  const cases: Array<[string, string]> = [
    ['1 + 1', 'number'],
    ['"a" + 1', 'text'],
    ['1 > 0', 'boolean'],
    ['now()', 'date'],
    ['[1, 2]', 'list of number'],
    ['[]', 'list'],
    ['prop("Name")', 'text'],
    ['prop("Num")', 'number'],
    ['prop("Check")', 'boolean'],
    ['prop("Select")', 'text'],
    ['prop("Tags")', 'list of text'],
    ['prop("Date")', 'date'],
    ['prop("People")', 'list of person'],
    ['prop("Creator")', 'person'],
    ['prop("Items")', 'list of page'],
    ['prop("Items").map(current.prop("Price"))', 'list of number'],
    ['prop("Items").first()', 'page'],
    ['if(true, 1, 2)', 'number'],
    ['let(x, "a", x)', 'text'],
    ['split("a", ",")', 'list of text'],
    ['flat([[1]])', 'list of number'],
    ['match("a", "a")', 'list of text'],
  ];
  it.each(cases)('%s is %s', (expression, type) => {
    expect(typeOf(expression)).toBe(type);
  });
});

describe('errors', () => {
  const cases: Array<[string, string]> = [
    ['', 'Formula is empty [0,0]'],
    ['1 +', 'Unexpected end of formula [3,3]'],
    ['(1 + 2', 'Expected ")" but found end of formula [6,6]'],
    ['1 2', 'Unexpected "2" [2,3]'],
    ['"open', 'Unterminated string [0,5]'],
    ['1 # 2', 'Invalid character "#" [2,3]'],
    ['1 < 2 < 3', 'Unexpected "<" [6,7]'],
    ['1 == 1 == 1', 'Unexpected "==" [7,9]'],
    ['prop("Nope")', 'Property "Nope" does not exist [0,12]'],
    ['prop(1)', 'prop() expects the name of a property as text [0,4]'],
    ['prop("Items").map(current.prop("Nope"))', 'Property "Nope" does not exist in the related data source [26,38]'],
    ['prop("Name").prop("Num")', 'prop() can only be read from a page, not from text [0,12]'],
    ['nope(1)', 'Unknown function "nope" [0,7]'],
    ['x + 1', 'Unknown name "x" [0,1]'],
    ['current', '"current" can only be used inside map(), filter() and the other list functions [0,7]'],
    ['1 + true', 'Cannot add number and boolean [0,8]'],
    ['"a" + [1]', 'Cannot add text and list of number [0,9]'],
    ['1 - "a"', '"-" expects number, but got text [4,7]'],
    ['"1" == 1', 'Cannot compare text and number [0,8]'],
    ['now() < 1', 'Cannot compare date and number [0,9]'],
    ['1 and true', '"and" expects boolean, but got number [0,1]'],
    ['not 1', '"not" expects boolean, but got number [4,5]'],
    ['if(1, 2, 3)', 'The condition expects boolean, but got number [3,4]'],
    ['if(true, 1, "a")', 'Both results of a condition must be of one type, but got number and text [0,16]'],
    ['if(true, 1)', 'if() expects 3 arguments, but got 2 [0,11]'],
    ['ifs(true, 1)', 'ifs() expects at least 3 arguments, but got 2 [0,12]'],
    ['[1, "a"]', 'List items must all be of one type, but got number and text [0,8]'],
    ['abs("a")', 'abs() expects number as argument 1, but got text [4,7]'],
    ['dateAdd(now(), "1", "days")', 'dateAdd() expects number as argument 2, but got text [15,18]'],
    ['dateBetween("2024-01-01", now(), "days")', 'dateBetween() expects date as argument 1, but got text [12,24]'],
    ['upper()', 'upper() expects 1 argument, but got 0 [0,7]'],
    ['round(1, 2, 3)', 'round() expects 1 to 2 arguments, but got 3 [0,14]'],
    ['map(1, current)', 'map() expects list, but got number [4,5]'],
    ['filter([1], current + 1)', 'filter() expects boolean, but got number [12,23]'],
    ['let(1, 2, 3)', 'let() expects a variable name [4,5]'],
    ['equal(1, "a")', 'equal() cannot compare number and text [0,13]'],
    ['prop("Creator").upper()', 'upper() expects text as argument 1, but got person [0,15]'],
  ];
  it.each(cases)('%s', (expression, message) => {
    expect(() => compileFormula(expression, env)).toThrow(message);
  });

  it('evaluates a runtime error as empty', () => {
    expect(evaluate('parseDate("nope")')).toBeNull();
    expect(evaluate('test("a", "(")')).toBeNull();
    expect(evaluate('10 / (prop("Num") - 12.5)')).toBeNull();
  });
});

describe('stored references', () => {
  it('reads id references and rewrites names to them', () => {
    const expression = 'prop("Num") * 2 + prop("Items").map(current.prop("Price")).sum()';
    const compiled = compileFormula(expression, env);
    const stored = rewriteReferences(
      expression,
      compiled.references,
      (r) => `{{notion:block_property:${encodeURIComponent(r.property.id)}:00000000-0000-0000-0000-000000000000:11111111-1111-4111-8111-111111111111}}`,
    );
    expect(stored).toBe(
      '{{notion:block_property:num1:00000000-0000-0000-0000-000000000000:11111111-1111-4111-8111-111111111111}} * 2 + ' +
        '{{notion:block_property:rel:00000000-0000-0000-0000-000000000000:11111111-1111-4111-8111-111111111111}}.map(current.' +
        '{{notion:block_property:prc:00000000-0000-0000-0000-000000000000:11111111-1111-4111-8111-111111111111}}).sum()',
    );
    expect(compileFormula(stored, env).evaluate(page, NOW)).toBe(32.5);
    // Ids that need encoding (`:` in `t:xt`) survive the round trip.
    const text = compileFormula('prop("Text")', env);
    const storedText = rewriteReferences(
      'prop("Text")',
      text.references,
      (r) => `{{notion:block_property:${encodeURIComponent(r.property.id)}:00000000-0000-0000-0000-000000000000:11111111-1111-4111-8111-111111111111}}`,
    );
    expect(compileFormula(storedText, env).evaluate(page, NOW)).toBe('Hello World');
  });
});
