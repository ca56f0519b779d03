"""Airflow DAG: one cx run per logical date, on a Spark cluster.

Each DAG run loads the landing folder of its logical date (`{{ ds }}`) and publishes the tables
under OUTPUT; late events of the previous days (within ingest.late-event-lookback) are picked up
and their partitions restated. A rerun (clear the task) or a backfill (`airflow dags backfill`)
publishes the same tables as the original runs. One run at a time writes to OUTPUT, so
max_active_runs is 1.

Exit codes of the driver: 0 success; 1 runtime failure (retried); 2 usage/configuration/input error
and 3 data-quality gate failed: both fail again on retry until someone fixes the input or the
settings, so keep retries small; 4 another run holds the output (a retry succeeds once that run
has finished).
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

CX_JAR = "/opt/cx/cx.jar"  # report/target/cx.jar of a release build
LANDING = "hdfs:///landing/touchpoints/dt={date}/"  # {date} is filled in by cx, not by Airflow
OUTPUT = "hdfs:///warehouse/cx/"

with DAG(
    dag_id="cx_nightly",
    start_date=datetime(2026, 1, 1),
    schedule="15 2 * * *",  # after the landing folder of the previous day is complete
    catchup=True,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
) as dag:
    SparkSubmitOperator(
        task_id="cx_run",
        conn_id="spark_default",
        application=CX_JAR,
        java_class="io.cx.report.cli.Main",
        name="cx-{{ ds }}",
        conf={"spark.sql.shuffle.partitions": "64"},
        executor_memory="4g",
        application_args=[
            "run", "--date", "{{ ds }}",
            "--input", LANDING,
            "--output", OUTPUT,
            "--config", "/opt/cx/cx.conf",
        ],
    )
