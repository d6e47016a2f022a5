import { describe, expect, it } from 'vitest'
import { planColumns } from '../../../src/main/data/column-plan'
import { profileColumn } from '../../../src/main/data/column-profile'
import { parseCsv } from '../../../src/main/data/csv-reader'
import { detectTask } from '../../../src/main/data/target'
import type { Table } from '../../../src/main/data/table'
import { expectRefusal } from './expect-error'
import { fixtureBytes } from './fixtures'

const profiles = (t: Table) => Object.fromEntries(t.columns.map((c) => [c.name, profileColumn(c, t.rows)]))

describe('column typing', () => {
  it('counts missing values (empty, NA, N/A, NaN, null, ?) and never turns an empty cell into 0', () => {
    const t = parseCsv('x,y\n,1\nNA,2\nn/a,3\nNaN,4\nNULL,5\n?,6\n7,7\n')
    const x = t.columns[0]
    expect(x.kind).toBe('numeric')
    expect(x.missing).toBe(6)
    if (x.kind === 'numeric') {
      expect(Array.from(x.values).slice(0, 6).every(Number.isNaN)).toBe(true)
      expect(x.values[6]).toBe(7)
    }
  })

  it('a column of mostly words is categorical, with numbers kept as their text and categories sorted', () => {
    const t = parseCsv('size,y\nM,1\nS,2\n10,3\nL,4\nM,5\n,6\n')
    const c = t.columns[0]
    expect(c.kind).toBe('categorical')
    if (c.kind === 'categorical') {
      expect(c.categories).toEqual(['10', 'L', 'M', 'S'])
      expect(Array.from(c.codes)).toEqual([2, 3, 0, 1, 2, -1])
      expect(c.missing).toBe(1)
    }
  })

  it('sorts labels with numbers first, in numeric order, then words', () => {
    const t = parseCsv('a,b\nx,10\ny,9\nz,100\nw,x\nv,y\n')
    const b = t.columns[1]
    expect(b.kind === 'categorical' && b.categories).toEqual(['9', '10', '100', 'x', 'y'])
  })

  it('a mostly numeric column with a stray word is refused, naming the first one', () => {
    expectRefusal(() => parseCsv('x,y\n1,a\n2,b\nlots,c\n4,d\n5,e\n6,f\n7,g\nmany,h\n9,i\n10,j\n', { file: 'f.csv' }), /"lots" is not a number.*2 cells/, {
      file: 'f.csv',
      line: 4,
      column: 'x',
    })
  })

  it('profiles types: numeric, categorical, boolean, constant and id-like', () => {
    const p = profiles(parseCsv(fixtureBytes('mixed-types.csv')))
    expect(p.id.type).toBe('id')
    expect(p.age.type).toBe('numeric')
    expect(p.age.missing).toBe(2)
    expect(p.age.min).toBe(28)
    expect(p.age.max).toBe(62)
    expect(p.age.mean).toBeCloseTo((34 + 51 + 28 + 45 + 39 + 62 + 33 + 41) / 8, 12)
    expect(p.colour.type).toBe('categorical')
    expect(p.colour.missing).toBe(1)
    expect(p.colour.top[0]).toEqual({ label: 'red', count: 4 })
    expect(p.member.type).toBe('boolean')
    expect(p.country.type).toBe('constant')
    expect(p.score.type).toBe('numeric')
    expect(p.grade.distinct).toBe(2)
  })

  it('calls numbers 0/1 boolean, a row counter in any order an id, and a text column unique per row an id', () => {
    const p = profiles(parseCsv('flag,n,name,v\n0,3,ann,1.5\n1,1,bob,2.5\n1,2,cy,3.5\n0,4,dee,0.5\n'))
    expect(p.flag.type).toBe('boolean')
    expect(p.n.type).toBe('id')
    expect(p.name.type).toBe('id')
    expect(p.v.type).toBe('numeric') // distinct floats are measurements, not ids
  })

  it('caps distinct counting on big columns', () => {
    const t = parseCsv('x,y\n' + Array.from({ length: 5000 }, (_, i) => `${i * 0.5},${i % 3}`).join('\n'))
    const p = profileColumn(t.columns[0], t.rows)
    expect(p.distinctCapped).toBe(true)
    expect(p.distinct).toBe(1000)
  })
})

describe('task detection and column plan', () => {
  it('detects classification for labels and a few whole numbers, regression otherwise', () => {
    const t = parseCsv('a,b,c,d\nx,1,1.5,10\ny,2,2.5,20\nx,1,3.5,30\ny,2,4.5,40\nx,1,5.5,50\ny,2,6.5,60\n')
    const p = profiles(t)
    expect(detectTask(p.a, t.rows)).toBe('classification')
    expect(detectTask(p.b, t.rows)).toBe('classification')
    expect(detectTask(p.c, t.rows)).toBe('regression')
    expect(detectTask(p.d, t.rows)).toBe('regression') // six distinct whole numbers in six rows: measurements
  })

  it('defaults to the last column as target, ignores id-like and constant columns with a note', () => {
    const t = parseCsv(fixtureBytes('mixed-types.csv'))
    const plan = planColumns(t)
    expect(plan.target).toBe('grade')
    expect(plan.task).toBe('classification')
    expect(Object.fromEntries(plan.roles)).toEqual({ id: 'ignored', age: 'input', colour: 'input', member: 'input', country: 'ignored', score: 'input', grade: 'target' })
    expect(plan.notes.get('id')).toMatch(/identifier/)
    expect(plan.notes.get('country')).toMatch(/every row holds "NL"/)
    expect(plan.warnings.join(' ')).toMatch(/"id" is ignored/)
  })

  it('applies user choices: target, task and roles', () => {
    const t = parseCsv(fixtureBytes('mixed-types.csv'))
    const plan = planColumns(t, { target: 'score', task: 'regression', roles: { id: 'input', grade: 'ignored' } })
    expect(plan.target).toBe('score')
    expect(plan.task).toBe('regression')
    expect(plan.roles.get('id')).toBe('input')
    expect(plan.roles.get('grade')).toBe('ignored')
    expect(planColumns(t, { roles: { age: 'target' } }).target).toBe('age')
  })

  it('refuses unknown names and contradictory choices with clear messages', () => {
    const t = parseCsv(fixtureBytes('mixed-types.csv'))
    expectRefusal(() => planColumns(t, { target: 'price' }), /no column "price".*"id", "age"/)
    expectRefusal(() => planColumns(t, { roles: { nope: 'input' } }), /no column "nope"/)
    expectRefusal(() => planColumns(t, { target: 'age', roles: { score: 'target' } }), /also marked as the target/)
    expectRefusal(() => planColumns(t, { target: 'age', roles: { age: 'input' } }), /cannot also be an input/)
    expectRefusal(() => planColumns(t, { target: 'colour', task: 'regression' }), /only be a classification target/, { column: 'colour' })
    expectRefusal(() => planColumns(t, { roles: { age: 'ignored', colour: 'ignored', member: 'ignored', score: 'ignored' } }), /no input column/)
  })

  it('warns when the target has one class or looks like an identifier', () => {
    const one = planColumns(parseCsv('x,y\n1.5,a\n2.5,a\n0.5,a\n'))
    expect(one.warnings.join(' ')).toMatch(/single class.*nothing to learn/)
    const id = planColumns(parseCsv('x,name\n1.5,ann\n2.5,bob\n0.5,cy\n4.5,dee\n'))
    expect(id.warnings.join(' ')).toMatch(/different value in every row/)
    const counter = planColumns(parseCsv('x,row\n0.5,1\n0.7,2\n0.1,3\n0.9,4\n'))
    expect(counter.warnings.join(' ')).toMatch(/identifier/)
  })
})
