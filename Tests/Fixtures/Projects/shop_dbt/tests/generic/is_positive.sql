{% test is_positive(model, column_name) %}
{#- Fails for every row where the column is zero or negative (NULLs pass). #}
select {{ column_name }}
from {{ model }}
where {{ column_name }} <= 0
{% endtest %}
