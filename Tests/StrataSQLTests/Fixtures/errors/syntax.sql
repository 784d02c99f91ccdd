-- title: unbalanced parentheses
select (a + (b * 2) from t
-- expect:
-- model.sql:1:8: error: unclosed '(' [S2003]
--    |
--  1 | select (a + (b * 2) from t
--    |        ^ this '(' has no matching ')'

-- title: unmatched closing parenthesis
select a from t where (a > 1))
-- expect:
-- model.sql:1:30: error: unmatched ')' [S2002]
--    |
--  1 | select a from t where (a > 1))
--    |                              ^ nothing opens this ')'

-- title: unterminated string
select 'abc from t
-- expect:
-- model.sql:1:8: error: unterminated string literal [S1001]
--    |
--  1 | select 'abc from t
--    |        ^ this string is never closed

-- title: unterminated quoted identifier
select "abc from t
-- expect:
-- model.sql:1:8: error: unterminated quoted identifier [S1002]
--    |
--  1 | select "abc from t
--    |        ^ this identifier is never closed

-- title: unterminated block comment
select 1 /* never /* closed */
-- expect:
-- model.sql:1:10: error: unterminated block comment [S1003]
--    |
--  1 | select 1 /* never /* closed */
--    |          ^^ this comment is never closed

-- title: unterminated dollar-quoted string
select $body$ select 1
-- expect:
-- model.sql:1:8: error: unterminated dollar-quoted string [S1004]
--    |
--  1 | select $body$ select 1
--    |        ^^^^^^ no closing '$body$' follows

-- title: select star from at end
select * from
-- expect:
-- model.sql:1:10: error: expected a relation after 'from' [S2004]
--    |
--  1 | select * from
--    |          ^^^^ expected a table, subquery or function after this

-- title: from followed by a clause keyword
select * from where a = 1
-- expect:
-- model.sql:1:15: error: expected a relation after 'from' [S2004]
--    |
--  1 | select * from where a = 1
--    |               ^^^^^ expected a table, subquery or function here, found 'where'

-- title: join with no relation
select * from a join on a.id = 1
-- expect:
-- model.sql:1:22: error: expected a relation after 'join' [S2004]
--    |
--  1 | select * from a join on a.id = 1
--    |                      ^^ expected a table, subquery or function here, found 'on'

-- title: trailing garbage after a relation
select * from a b c
-- expect:
-- model.sql:1:19: error: unexpected 'c' after a from item [S2001]
--    |
--  1 | select * from a b c
--    |                   ^ expected a join, ',' or the next clause

-- title: trailing garbage after the statement
select a from t where a = 1 2
-- expect:
-- (no diagnostics)
-- --- parser ---
-- model.sql:1:29: error: unexpected '2' after the end of the statement [S2001]
--    |
--  1 | select a from t where a = 1 2
--    |                             ^ expected ';' or the end of the text

-- title: trailing comma in the select list
select a, from t
-- expect:
-- (no diagnostics)
-- --- parser ---
-- model.sql:1:11: error: expected an expression, found 'from' [S2001]
--    |
--  1 | select a, from t
--    |           ^^^^ unexpected here

-- title: cte without parentheses
with x as select 1 select * from x
-- expect:
-- model.sql:1:11: error: expected '(' to open its body after common table expression 'x' [S2001]
--    |
--  1 | with x as select 1 select * from x
--    |           ^^^^^^ found 'select'

-- title: unknown statement is a warning
vacuum_everything now
-- expect:
-- model.sql:1:1: warning: unrecognized statement 'vacuum_everything'; relations were found by a token scan [S2902]
--    |
--  1 | vacuum_everything now
--    | ^^^^^^^^^^^^^^^^^
--
-- --- parser ---
-- model.sql:1:1: warning: unsupported syntax: 'vacuum_everything' statements are not modelled; kept as opaque text [S2901]
--    |
--  1 | vacuum_everything now
--    | ^^^^^^^^^^^^^^^^^ not modelled by the parser

-- title: multi-byte text keeps columns in scalars
select 'é' as ü, (1 from t
-- expect:
-- model.sql:1:18: error: unclosed '(' [S2003]
--    |
--  1 | select 'é' as ü, (1 from t
--    |                  ^ this '(' has no matching ')'

-- title: two names after a select item
select a b c from t
-- expect:
-- (no diagnostics)
-- --- parser ---
-- model.sql:1:12: error: expected ',' or the end of the select list, found 'c' [S2001]
--    |
--  1 | select a b c from t
--    |            ^ unexpected here
