#!/usr/bin/env bash
# Loads a folder of Airflow DAG files into a real Airflow DagBag and prints one JSON object on stdout:
#   {"airflow": VERSION, "dags": {dag_id: {task_id: [upstream task ids]}},
#    "sensors": {dag_id: {task_id: [external dag id, external task id, date]}}, "import_errors": {file: error}}
# where date is what the sensor's execution_date_fn gives for the logical date 2024-01-02T03:30:00+00:00 (null
# without one), so a mapping between schedules is run, not only imported.
# Airflow comes from PyPI into a venv that is reused between runs; pip's output goes to stderr.
#
# Usage: Scripts/airflow-check.sh DAG_FOLDER
#        Scripts/airflow-check.sh --install      (only makes the venv, as CI does before the tests)
# Environment: STRATA_AIRFLOW_VENV (default ~/.cache/strata-airflow-venv),
#              STRATA_AIRFLOW_VERSION (default 2.10.5, the newest 2.x line that installs without a constraints file).
set -euo pipefail
if [ $# -ne 1 ] || { [ "$1" != --install ] && [ ! -d "$1" ]; }; then
  echo "usage: $0 DAG_FOLDER | --install" >&2
  exit 64
fi
venv=${STRATA_AIRFLOW_VENV:-$HOME/.cache/strata-airflow-venv}
version=${STRATA_AIRFLOW_VERSION:-2.10.5}

if ! "$venv/bin/python" -c "import airflow" >/dev/null 2>&1; then
  started=$(date +%s)
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet "apache-airflow==$version" >&2
  echo "installed apache-airflow $version into $venv in $(( $(date +%s) - started ))s" >&2
fi
[ "$1" = --install ] && exit 0
folder=$(cd "$1" && pwd)

# A throwaway AIRFLOW_HOME: loading DAGs needs no database, and nothing of a user's Airflow is touched.
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export AIRFLOW_HOME=$home AIRFLOW__CORE__LOAD_EXAMPLES=False AIRFLOW__CORE__DAGS_FOLDER=$folder
export AIRFLOW__LOGGING__LOGGING_LEVEL=ERROR
"$venv/bin/python" - "$folder" <<'PYTHON'
import json
import sys

import airflow
import pendulum
from airflow.models.dagbag import DagBag
from airflow.sensors.external_task import ExternalTaskSensor

bag = DagBag(dag_folder=sys.argv[1], include_examples=False, safe_mode=False)
probe = pendulum.datetime(2024, 1, 2, 3, 30, tz="UTC")
dags = {}
sensors = {}
for dag_id, dag in bag.dags.items():
    dags[dag_id] = {task.task_id: sorted(task.upstream_task_ids) for task in dag.tasks}
    sensors[dag_id] = {
        task.task_id: [task.external_dag_id, task.external_task_id,
                       task.execution_date_fn(probe).isoformat() if task.execution_date_fn else None]
        for task in dag.tasks
        if isinstance(task, ExternalTaskSensor)
    }
print(json.dumps({"airflow": airflow.__version__, "dags": dags, "sensors": sensors,
                  "import_errors": {str(k): str(v) for k, v in bag.import_errors.items()}}, sort_keys=True))
PYTHON
