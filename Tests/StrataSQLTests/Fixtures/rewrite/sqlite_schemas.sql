-- title: schema-qualified reads get one quoted name and keep their old name as alias
select d.x, members.id from core.deals d join raw.members on members.id = d.member_id
-- expect:
-- select d.x, members.id from "core.deals" d join "raw.members" AS "members" on members.id = d.member_id

-- title: unqualified names are left alone
select * from deals join core.deals as cd using (id)
-- expect:
-- select * from deals join "core.deals" as cd using (id)

-- title: references inside ctes and subqueries are rewritten, cte references are not
with recent as (select * from core.deals where ts > (select max(ts) - 7 from raw.events))
select * from recent r where r.id in (select deal_id from marts.flags)
-- expect:
-- with recent as (select * from "core.deals" AS "deals" where ts > (select max(ts) - 7 from "raw.events" AS "events"))
-- select * from recent r where r.id in (select deal_id from "marts.flags" AS "flags")

-- title: three-part column references follow the rewritten relation
select core.deals.amount, core.deals.*, other.deals.amount from core.deals
-- expect:
-- select deals.amount, deals.*, other.deals.amount from "core.deals" AS "deals"

-- title: two relations with the same name get no alias
select core.deals.id, raw.deals.id from core.deals join raw.deals on core.deals.id = raw.deals.id
-- expect:
-- select "core.deals".id, "raw.deals".id from "core.deals" join "raw.deals" on "core.deals".id = "raw.deals".id

-- title: quoted and mixed-case names
select * from "Core"."Deals" join Raw.Members on true
-- expect:
-- select * from "Core.Deals" AS "deals" join "Raw.Members" AS "members" on true

-- title: ddl around a query rewrites both target and reads
create view marts.summary as select count(*) from core.deals, raw.members
-- expect:
-- create view "marts.summary" as select count(*) from "core.deals" AS "deals", "raw.members" AS "members"

-- title: dml targets are renamed without an alias
insert into marts.t select * from raw.s;
delete from marts.t where marts.t.id in (select id from raw.gone)
-- expect:
-- insert into "marts.t" select * from "raw.s" AS "s";
-- delete from "marts.t" where "marts.t".id in (select id from "raw.gone" AS "gone")

-- title: existing explicit aliases are kept
select x.id from core.deals as x, core.members y
-- expect:
-- select x.id from "core.deals" as x, "core.members" y

-- title: strings and comments are untouched
select 'core.deals' -- from core.deals
from core.deals /* core.deals */
-- expect:
-- select 'core.deals' -- from core.deals
-- from "core.deals" AS "deals" /* core.deals */

-- title: no alias where the grammar allows none
table core.deals;
copy core.deals to stdout;
select * from t where id in raw.ids
-- expect:
-- table "core.deals";
-- copy "core.deals" to stdout;
-- select * from t where id in "raw.ids"
