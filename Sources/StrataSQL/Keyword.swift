/// Words the lexer recognises, in any letter case, so the parser and the reference scanner compare one byte instead
/// of text. Being listed here does not make a word reserved: `Dialect.reservedWords` decides that, and an identifier
/// token keeps its keyword even where the word is used as a plain name (`select year from t`).
public enum Keyword: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Marks an identifier that is not a keyword.
    case notKeyword = 0
    case abort, all, alter, analyse, analyze, and, `any`, array, `as`, asc, asymmetric, at, attach, begin, between
    case both, by, call, cascade, `case`, cast, check, checkpoint, close, collate, comment, commit, concurrently
    case conflict, copy, create, cross, cube, current, cycle, data, deallocate, declare, `default`, delete, desc
    case detach, discard, distinct, `do`, drop, `else`, end, escape, except, exclude, execute, exists, explain
    case extract, `false`, fetch, filter, first, following, `for`, foreign, from, full, function, glob, global
    case grant, group, grouping, groups, having, `if`, ignore, ilike, `in`, index, indexed, inner, insert, intersect
    case interval, into, `is`, isnull, join, last, lateral, leading, left, like, limit, listen, local, lock, match
    case matched, materialized, merge, move, natural, next, no, not, nothing, notify, notnull, null, nulls, of
    case offset, on, only, or, order, ordinality, others, outer, over, overlay, overriding, partition, placing, plan
    case position, pragma, preceding, prepare, procedure, query, range, recursive, refresh, regexp, reindex, release
    case rename, replace, reset, restrict, returning, revoke, right, rollback, rollup, row, rows, savepoint, schema
    case search, select, set, sets, show, similar, `some`, start, substring, symmetric, system, table, tablesample
    case temp, temporary, then, ties, time, timestamp, to, trailing, transaction, trigger, trim, `true`, truncate
    case unbounded, union, unique, unknown, unlisten, unlogged, update, using, vacuum, value, values, variadic
    case verbose, view, virtual, when, `where`, window, with, within, without, zone

    /// The keyword in lower case.
    public var description: String { Keyword.names[Int(rawValue)] }

    /// Lower-case spellings indexed by raw value; the empty string stands for `notKeyword`.
    static let names: [String] = [
        "", "abort", "all", "alter", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "at",
        "attach", "begin", "between", "both", "by", "call", "cascade", "case", "cast", "check", "checkpoint",
        "close", "collate", "comment", "commit", "concurrently", "conflict", "copy", "create", "cross", "cube",
        "current", "cycle", "data", "deallocate", "declare", "default", "delete", "desc", "detach", "discard",
        "distinct", "do", "drop", "else", "end", "escape", "except", "exclude", "execute", "exists", "explain",
        "extract", "false", "fetch", "filter", "first", "following", "for", "foreign", "from", "full", "function",
        "glob", "global", "grant", "group", "grouping", "groups", "having", "if", "ignore", "ilike", "in", "index",
        "indexed", "inner", "insert", "intersect", "interval", "into", "is", "isnull", "join", "last", "lateral",
        "leading", "left", "like", "limit", "listen", "local", "lock", "match", "matched", "materialized", "merge",
        "move", "natural", "next", "no", "not", "nothing", "notify", "notnull", "null", "nulls", "of", "offset",
        "on", "only", "or", "order", "ordinality", "others", "outer", "over", "overlay", "overriding", "partition",
        "placing", "plan", "position", "pragma", "preceding", "prepare", "procedure", "query", "range", "recursive",
        "refresh", "regexp", "reindex", "release", "rename", "replace", "reset", "restrict", "returning", "revoke",
        "right", "rollback", "rollup", "row", "rows", "savepoint", "schema", "search", "select", "set", "sets",
        "show", "similar", "some", "start", "substring", "symmetric", "system", "table", "tablesample", "temp",
        "temporary", "then", "ties", "time", "timestamp", "to", "trailing", "transaction", "trigger", "trim", "true",
        "truncate", "unbounded", "union", "unique", "unknown", "unlisten", "unlogged", "update", "using", "vacuum",
        "value", "values", "variadic", "verbose", "view", "virtual", "when", "where", "window", "with", "within",
        "without", "zone",
    ]
}
