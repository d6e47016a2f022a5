/**
 * Which column is the target, which are inputs, which are ignored, and which task: the user's choices where
 * given, sensible defaults elsewhere (target = last column; id-like, constant and very wide categorical
 * columns ignored, with a note saying why), and warnings about targets that cannot be learned.
 */
import type { Task } from '../../shared/config'
import { profileColumn, type ColumnProfile } from './column-profile'
import { DatasetError } from './errors'
import type { ColumnRole, PrepareOptions } from './prepare-options'
import { detectTask } from './target'
import type { Table } from './table'

export interface ColumnPlan {
  target: string
  task: Task
  /** Role of every column, by name (a Map: a column may be called "constructor" or "__proto__"). */
  roles: ReadonlyMap<string, ColumnRole>
  /** Why a column is ignored by default (only for columns whose default role is 'ignored'). */
  notes: ReadonlyMap<string, string>
  profiles: ColumnProfile[]
  warnings: string[]
}

/**
 * Resolves target, roles and task for `table`. Throws DatasetError for unknown column names, conflicting
 * target choices, a text column as a regression target, and (when `requireInput`) no input column left.
 */
export function planColumns(
  table: Table,
  opts: Pick<PrepareOptions, 'target' | 'task' | 'roles'> = {},
  profiles?: ColumnProfile[],
  requireInput = true,
): ColumnPlan {
  const file = table.source
  const names = table.columns.map((c) => c.name)
  const known = new Set(names)
  const list = names.map((n) => `"${n}"`).join(', ')
  // A Map, read from the record's own keys: a column may be called "constructor" or "__proto__".
  const roles = new Map(Object.entries(opts.roles ?? {}))
  for (const n of roles.keys()) {
    if (!known.has(n)) throw new DatasetError(`there is no column "${n}" (the columns are ${list})`, { file })
  }
  if (opts.target !== undefined && !known.has(opts.target)) {
    throw new DatasetError(`there is no column "${opts.target}" to predict (the columns are ${list})`, { file })
  }
  const marked = [...roles].filter(([, r]) => r === 'target').map(([n]) => n)
  if (marked.length > 1) throw new DatasetError(`only one column can be the target; ${marked.map((n) => `"${n}"`).join(' and ')} are both marked`, { file })
  if (opts.target !== undefined && marked.length === 1 && marked[0] !== opts.target) {
    throw new DatasetError(`the target is "${opts.target}", but "${marked[0]}" is also marked as the target`, { file })
  }
  const target = opts.target ?? marked[0] ?? names[names.length - 1]
  const targetRole = roles.get(target)
  if (targetRole !== undefined && targetRole !== 'target') {
    throw new DatasetError(`"${target}" is the target, so it cannot also be ${targetRole === 'input' ? 'an input' : 'ignored'}`, { file })
  }

  const prof = profiles ?? table.columns.map((c) => profileColumn(c, table.rows))
  const warnings: string[] = []
  const notes = new Map<string, string>()
  const finalRoles = new Map<string, ColumnRole>()
  for (const p of prof) {
    if (p.name === target) {
      finalRoles.set(p.name, 'target')
      continue
    }
    const defaultIgnored = p.note !== null
    if (defaultIgnored) notes.set(p.name, p.note!)
    const chosen = roles.get(p.name)
    finalRoles.set(p.name, chosen ?? (defaultIgnored ? 'ignored' : 'input'))
    if (defaultIgnored && chosen === undefined) warnings.push(`Column "${p.name}" is ignored: ${p.note}.`)
  }
  if (requireInput && ![...finalRoles.values()].includes('input')) {
    throw new DatasetError(`no input column: every column other than the target "${target}" is ignored`, { file })
  }

  const tp = prof[names.indexOf(target)]
  const task: Task = opts.task && opts.task !== 'auto' ? opts.task : detectTask(tp, table.rows)
  if (tp.distinct <= 1) {
    warnings.push(`The target "${target}" has a single ${task === 'classification' ? 'class' : 'value'}${tp.distinct === 1 ? ` (${tp.top[0]?.label ?? tp.min})` : ''}: there is nothing to learn.`)
  } else if (tp.type === 'id' || (task === 'classification' && tp.storage === 'categorical' && tp.distinct === table.rows - tp.missing && table.rows >= 3)) {
    warnings.push(`The target "${target}" has a different value in every row: it looks like an identifier, not something to predict.`)
  }
  if (task === 'regression' && tp.storage === 'categorical') {
    throw new DatasetError(`holds labels (such as "${tp.top[0]?.label}"), so it can only be a classification target`, { file, column: target })
  }
  return { target, task, roles: finalRoles, notes, profiles: prof, warnings }
}
