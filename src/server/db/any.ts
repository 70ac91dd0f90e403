import { sql, type RawBuilder } from 'kysely'

/** PostgreSQL types an `anyOf` list can hold. */
type ArrayElementType = 'uuid' | 'text' | 'int' | 'bigint'

/**
 * `column = ANY($1::type[])`: the values travel as one array parameter. An `IN ($1, $2, …)` list
 * takes a parameter per value, and the wire protocol stops at 65,535 (a city-wide export named
 * 42,295 landlords and failed). Use it wherever the list comes from data rather than code.
 * @example db.selectFrom('person').selectAll().where('id', '=', anyOf(ids, 'uuid'))
 */
export function anyOf<T extends string | number>(values: readonly T[], type: ArrayElementType): RawBuilder<T> {
  return sql<T>`ANY(${sql.val(values)}::${sql.raw(type)}[])`
}
