/** ANALYSIS.md facts: sections of the student's own words, filled result tables, quoted figures. */
import { describe, expect, it } from 'vitest';
import { analysisFacts, quotedFigures } from '../src/analysis.js';
import { ANALYSIS_TEMPLATE } from './demo-kit.js';
import { filledAnalysis } from './fixtures.js';

const FIGURES = [
  { id: 'loader-calls-per-key', label: 'loader calls per key' },
  { id: 'wrong-values', label: 'wrong values' },
];

describe('analysisFacts', () => {
  it('sees an untouched template as present but unchanged, with nothing filled or quoted', () => {
    const facts = analysisFacts(ANALYSIS_TEMPLATE, ANALYSIS_TEMPLATE, FIGURES);
    expect(facts).toEqual({
      present: true,
      changed: false,
      sections: [
        { heading: 'Approach', found: true, words: 0, tableRows: 0, filledRows: 0 },
        { heading: 'Measured results', found: true, words: 0, tableRows: 2, filledRows: 0 },
        { heading: 'Trade-offs', found: true, words: 0, tableRows: 0, filledRows: 0 },
      ],
      quoted: {},
    });
  });

  it('counts words of the student only and filled table rows', () => {
    const facts = analysisFacts(filledAnalysis('1', '0'), ANALYSIS_TEMPLATE, FIGURES);
    expect(facts.changed).toBe(true);
    expect(facts.sections.map((s) => [s.heading, s.words >= 30, s.tableRows, s.filledRows])).toEqual([
      ['Approach', true, 0, 0],
      ['Measured results', false, 2, 2],
      ['Trade-offs', true, 0, 0],
    ]);
    expect(facts.quoted).toEqual({ 'loader-calls-per-key': 1, 'wrong-values': 0 });
  });

  it('reports a missing file with the template headings', () => {
    expect(analysisFacts(null, ANALYSIS_TEMPLATE, FIGURES).sections.map((s) => [s.heading, s.found])).toEqual([
      ['Approach', false],
      ['Measured results', false],
      ['Trade-offs', false],
    ]);
  });
});

describe('quotedFigures', () => {
  it('reads the "measured" column wherever it is, by id or label, ignoring comments', () => {
    const text = [
      '| target | figure | measured |',
      '| --- | --- | ---: |',
      '| ≤ 1 | Loader calls per key | 1,250.5 calls |',
      '<!-- wrong values: 99 -->',
      '- wrong values: 3',
    ].join('\n');
    expect(quotedFigures(text, FIGURES)).toEqual({ 'loader-calls-per-key': 1250.5, 'wrong-values': 3 });
  });

  it('falls back to the cell after the name when no header says "measured"', () => {
    expect(quotedFigures('| loader-calls-per-key | 2.5 | 1 |', FIGURES)).toEqual({ 'loader-calls-per-key': 2.5 });
  });

  it('does not take the target column for a value left blank', () => {
    expect(quotedFigures(ANALYSIS_TEMPLATE, FIGURES)).toEqual({});
  });
});
