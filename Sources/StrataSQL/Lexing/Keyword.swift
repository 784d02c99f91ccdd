/// Words the lexer recognises, in any letter case, so the parser and the reference scanner compare one byte instead
/// of text. Being listed here does not make a word reserved: `Dialect.reservedWords` decides that, and an identifier
/// token keeps its keyword even where the word is used as a plain name (`select year from t`).
public enum Keyword: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Marks an identifier that is not a keyword.
    case notKeyword = 0
    case abort, all, alter, analyse, analyze, and, `any`, array, `as`, asc, asymmetric, at, attach, begin, between
    case both, by, call, cascade, cascaded, `case`, cast, check, checkpoint, close, collate, comment, commit
    case concurrently, conflict, constraint, copy, create, cross, cube, current, cycle, data, deallocate, declare
    case `default`, delete, desc, detach, discard, distinct, `do`, drop, `else`, end, escape, except, exclude
    case execute, exists, explain, extract, `false`, fetch, filter, first, following, `for`, foreign, from, full
    case function, glob, global, grant, group, grouping, groups, having, `if`, ignore, ilike, `in`, index, indexed
    case inner, insert, intersect, interval, into, `is`, isnull, join, key, last, lateral, leading, left, like
    case limit, listen, local, lock, match, matched, materialized, merge, move, natural, next, no, not, nothing
    case notify, notnull, null, nulls, of, offset, on, only, option, or, order, ordinality, others, outer, over
    case overlay, overriding, partition, placing, plan, position, pragma, preceding, prepare, primary, procedure
    case query, range, recursive, references, refresh, regexp, reindex, release, rename, repeatable, replace, reset
    case restrict, returning, revoke, right, rollback, rollup, row, rows, savepoint, schema, search, select, set
    case sets, show, similar, `some`, start, substring, symmetric, system, table, tablesample, temp, temporary, then
    case ties, time, timestamp, to, trailing, transaction, trigger, trim, `true`, truncate, unbounded, union, unique
    case unknown, unlisten, unlogged, update, using, vacuum, value, values, variadic, verbose, view, virtual, when
    case `where`, window, with, within, without, zone

    /// The keyword in lower case.
    public var description: String { Keyword.names[Int(rawValue)] }

    /// Lower-case spellings indexed by raw value; the empty string stands for `notKeyword`.
    static let names: [String] = [
        "", "abort", "all", "alter", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "at",
        "attach", "begin", "between", "both", "by", "call", "cascade", "cascaded", "case", "cast", "check",
        "checkpoint", "close", "collate", "comment", "commit", "concurrently", "conflict", "constraint", "copy",
        "create", "cross", "cube", "current", "cycle", "data", "deallocate", "declare", "default", "delete", "desc",
        "detach", "discard", "distinct", "do", "drop", "else", "end", "escape", "except", "exclude", "execute",
        "exists", "explain", "extract", "false", "fetch", "filter", "first", "following", "for", "foreign", "from",
        "full", "function", "glob", "global", "grant", "group", "grouping", "groups", "having", "if", "ignore",
        "ilike", "in", "index", "indexed", "inner", "insert", "intersect", "interval", "into", "is", "isnull",
        "join", "key", "last", "lateral", "leading", "left", "like", "limit", "listen", "local", "lock", "match",
        "matched", "materialized", "merge", "move", "natural", "next", "no", "not", "nothing", "notify", "notnull",
        "null", "nulls", "of", "offset", "on", "only", "option", "or", "order", "ordinality", "others", "outer",
        "over", "overlay", "overriding", "partition", "placing", "plan", "position", "pragma", "preceding",
        "prepare", "primary", "procedure", "query", "range", "recursive", "references", "refresh", "regexp",
        "reindex", "release", "rename", "repeatable", "replace", "reset", "restrict", "returning", "revoke", "right",
        "rollback", "rollup", "row", "rows", "savepoint", "schema", "search", "select", "set", "sets", "show",
        "similar", "some", "start", "substring", "symmetric", "system", "table", "tablesample", "temp", "temporary",
        "then", "ties", "time", "timestamp", "to", "trailing", "transaction", "trigger", "trim", "true", "truncate",
        "unbounded", "union", "unique", "unknown", "unlisten", "unlogged", "update", "using", "vacuum", "value",
        "values", "variadic", "verbose", "view", "virtual", "when", "where", "window", "with", "within", "without",
        "zone",
    ]
}
